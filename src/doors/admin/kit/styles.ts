// The admin's stylesheet, added after the storefront's (same base: fields, buttons, messages,
// focus, contrast): Magento's dark side menu on wide screens, a top bar of links on phones.
export const ADMIN_STYLESHEET = `
.admin{display:grid;min-height:100vh}
@media (min-width:56rem){.admin{grid-template-columns:13rem 1fr}}
.admin-menu{background:#1f2d3d;color:#fff;padding:.75rem 0}
.admin-menu a,.admin-menu button{color:#fff}
.admin-menu .brand{display:block;padding:.25rem 1rem .75rem;color:#fff}
.admin-menu ul{list-style:none;margin:0;padding:0}
.admin-menu h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#d7dee8;border:0;margin:.75rem 1rem .25rem;padding:0}
.admin-menu li a{display:block;padding:.35rem 1rem;text-decoration:none}
.admin-menu li a[aria-current=page]{background:#34465c;font-weight:700}
.admin-menu .who{padding:.75rem 1rem;font-size:.875rem;color:#d7dee8}
@media (max-width:56rem){.admin-menu nav ul{display:flex;flex-wrap:wrap;gap:0 .25rem}.admin-menu h2{display:none}}
.admin-main{padding:1.25rem 1rem 3rem;min-width:0}
.page-actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0 0 1rem}
ul.page-actions{list-style:none;padding:0}
.button.secondary,button.secondary{background:#fff;color:#0b57a4;border:1px solid #0b57a4}
button.danger{background:#b3261e}
.grid-wrap{overflow-x:auto}
.grid th a{color:inherit}
.grid td,.grid th{white-space:nowrap}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-bottom:1rem}
.filters .field{margin:0;min-width:9rem}
.pager{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:.75rem 0}
.scope{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-bottom:1rem}
.scope .field{margin:0}
.config-field{display:grid;gap:.25rem;margin-bottom:1rem}
@media (min-width:48rem){.config-field{grid-template-columns:18rem 1fr 10rem;align-items:start}}
.config-field>label{font-weight:600}
.config-field .use-default label{font-weight:400;margin-left:.3rem}
.credentials{background:#fff7e0;border:1px solid #c9a227;padding:1rem;border-radius:4px;word-break:break-all}
.stats{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr))}
.stat{border:1px solid #d9dee4;border-radius:4px;padding:1rem}
.stat strong{display:block;font-size:1.6rem}
.qr img{width:12rem;height:12rem;image-rendering:pixelated;border:1px solid #d9dee4}
.sign-in{max-width:24rem;margin:3rem auto;padding:0 1rem}
.tree ul{list-style:none;padding-left:1.25rem;margin:0}
`;
