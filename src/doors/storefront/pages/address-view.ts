// An address as Magento's default "html" address template prints it.
import type { Directory } from '../../../directory/service.ts';
import type { Address } from '../../../customers/model.ts';
import { html, type Html } from '../kit/html.ts';

export function addressBlock(address: Address, directory: Directory): Html {
  const name = [address.prefix, address.firstname, address.middlename, address.lastname, address.suffix].filter(Boolean).join(' ');
  const region = address.region.region ?? '';
  const cityLine = [address.city, region, address.postcode].filter(Boolean).join(', ');
  const country = directory.country(address.countryId)?.name ?? address.countryId;
  return html`<address>${name}<br>
    ${address.company ? html`${address.company}<br>` : ''}
    ${address.street.map((line) => html`${line}<br>`)}
    ${cityLine}<br>
    ${country}<br>
    ${address.telephone ? html`T: <a href="tel:${address.telephone}">${address.telephone}</a>` : ''}
    ${address.vatId ? html`<br>VAT: ${address.vatId}` : ''}
  </address>`;
}
