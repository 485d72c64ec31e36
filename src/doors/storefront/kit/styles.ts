// The storefront's one stylesheet: readable on a phone first, a two-column account area on wider
// screens, visible focus, colours with enough contrast for WCAG AA.
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:#1f2328;background:#fff}
body{margin:0}
a{color:#0b57a4}
a:hover{color:#063d73}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.wrap{max-width:64rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.5rem;z-index:10}
header.site{background:#1f2d3d;color:#fff}
header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;min-height:3.5rem}
header.site a{color:#fff}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none}
.brand small{display:block;font-weight:400;font-size:.8rem;color:#d7dee8}
.top-links{display:flex;gap:1rem;align-items:center;margin:0;padding:0;list-style:none}
.account-menu{position:relative}
.account-menu summary{cursor:pointer;padding:.25rem .5rem;border-radius:4px}
.account-menu[open] summary{background:#34465c}
.account-menu ul{position:absolute;right:0;z-index:5;margin:.25rem 0 0;padding:.5rem 0;list-style:none;min-width:11rem;background:#fff;border:1px solid #c4ccd6;border-radius:4px;box-shadow:0 4px 12px rgba(0,0,0,.15)}
.account-menu li a,.account-menu li button{display:block;width:100%;padding:.4rem 1rem;color:#1f2328;text-align:left;background:none;border:0;font:inherit;text-decoration:none;cursor:pointer}
.account-menu li a:hover,.account-menu li button:hover{background:#eef2f6}
main.wrap{padding-top:1.5rem;padding-bottom:3rem}
main:focus{outline:none}
h1{font-size:1.75rem;font-weight:600;margin:0 0 1rem}
h2{font-size:1.25rem;font-weight:600;margin:1.5rem 0 .75rem;padding-bottom:.4rem;border-bottom:1px solid #d9dee4}
h3{font-size:1rem;margin:0 0 .4rem}
.box h2{margin-top:0}
.layout{display:grid;gap:1.5rem}
.layout>*{min-width:0}
@media (min-width:48rem){.layout{grid-template-columns:14rem 1fr}}
.side-nav ul{list-style:none;margin:0;padding:.5rem 0;background:#f5f6f8;border-radius:4px}
.side-nav a{display:block;padding:.45rem 1rem;text-decoration:none;color:#1f2328}
.side-nav a[aria-current=page]{font-weight:700;border-left:4px solid #0b57a4;padding-left:calc(1rem - 4px)}
.boxes{display:grid;gap:1rem}
@media (min-width:40rem){.boxes{grid-template-columns:1fr 1fr}}
.box{border:1px solid #d9dee4;border-radius:4px;padding:1rem}
.box address{font-style:normal}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.75rem}
.inline{display:inline}
form.stack{max-width:32rem}
fieldset{border:0;margin:0 0 1rem;padding:0}
legend{font-size:1.15rem;font-weight:600;margin-bottom:.5rem}
.field{margin-bottom:1rem}
.field label{display:block;font-weight:600;margin-bottom:.25rem}
.field.choice label{display:inline;font-weight:400;margin-left:.4rem}
.req{color:#b3261e}
input[type=text],input[type=email],input[type=password],input[type=tel],select{width:100%;padding:.55rem .6rem;font:inherit;border:1px solid #767f8a;border-radius:4px;background:#fff}
input[aria-invalid=true],select[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.hint{margin:.25rem 0 0;font-size:.875rem;color:#4b5563}
.error{margin:.25rem 0 0;color:#b3261e;font-weight:600}
button,.button{display:inline-block;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#0b57a4;border:0;border-radius:4px;cursor:pointer;text-decoration:none}
button:hover,.button:hover{background:#063d73;color:#fff}
button.link{padding:0;color:#0b57a4;background:none;font-weight:400;text-decoration:underline}
button.link:hover{color:#063d73;background:none}
.messages{list-style:none;margin:0 0 1rem;padding:0}
.messages li{padding:.75rem 1rem;border-radius:4px;margin-bottom:.5rem}
.messages .success{background:#e6f4ea;color:#14532d}
.messages .error{background:#fdecea;color:#8a1c13;font-weight:400}
.messages .notice{background:#fff7e0;color:#5c4400}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d9dee4;vertical-align:top}
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{position:absolute;left:-999px}td{border:0;padding:.15rem 0}tr{border-bottom:1px solid #d9dee4;padding:.5rem 0}}
footer{border-top:1px solid #d9dee4;color:#4b5563;font-size:.875rem;padding:1rem 0}
[hidden]{display:none!important}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
