// The ACL resources Keyfront checks, in Magento's tree (each module's etc/acl.xml), for the
// integration and role editors. Choosing a resource chooses its parents too, as Magento's tree does.
import { html, type Html } from '../../html/html.ts';

export interface AclNode {
  id: string;
  title: string;
  children?: AclNode[];
}

export const ACL_TREE: AclNode[] = [
  { id: 'Magento_Backend::dashboard', title: 'Dashboard' },
  {
    id: 'Magento_Customer::customer',
    title: 'Customers',
    children: [
      { id: 'Magento_Customer::manage', title: 'All Customers' },
      { id: 'Magento_Customer::group', title: 'Customer Groups' },
    ],
  },
  {
    id: 'Magento_Backend::stores',
    title: 'Stores',
    children: [
      { id: 'Magento_Backend::store', title: 'All Stores' },
      {
        id: 'Magento_Config::config',
        title: 'Configuration',
        children: [
          { id: 'Magento_Integration::config_oauth', title: 'OAuth Section' },
          { id: 'Magento_Webapi::config_webapi', title: 'Magento Web API Section' },
          { id: 'Magento_Customer::config_customer', title: 'Customer Configuration Section' },
          { id: 'Magento_Config::trans_email', title: 'Store Email Addresses Section' },
          { id: 'Magento_Config::config_admin', title: 'Admin Section' },
        ],
      },
    ],
  },
  {
    id: 'Magento_Backend::system',
    title: 'System',
    children: [
      { id: 'Magento_Integration::integrations', title: 'Integrations' },
      {
        id: 'Magento_User::acl',
        title: 'Permissions',
        children: [
          { id: 'Magento_User::acl_users', title: 'All Users' },
          { id: 'Magento_User::acl_roles', title: 'User Roles' },
        ],
      },
    ],
  },
];

const PARENT = new Map<string, string>();
const KNOWN = new Set<string>();
(function index(nodes: AclNode[], parent?: string) {
  for (const n of nodes) {
    KNOWN.add(n.id);
    if (parent) PARENT.set(n.id, parent);
    if (n.children) index(n.children, n.id);
  }
})(ACL_TREE);

/** The chosen resources of the tree, with every parent of a chosen one added; unknown ids dropped. */
export function withParents(chosen: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of chosen) {
    if (!KNOWN.has(id)) continue;
    for (let at: string | undefined = id; at; at = PARENT.get(at)) out.add(at);
  }
  return [...out];
}

/** Nested checkbox lists (no script: each box stands alone; parents follow on save). */
export function aclTree(name: string, checked: ReadonlySet<string>): Html {
  const render = (nodes: AclNode[]): Html =>
    html`<ul>${nodes.map((n) => {
      const id = `${name}-${n.id.replace(/[^A-Za-z0-9]/g, '_')}`;
      return html`<li><input type="checkbox" id="${id}" name="${name}[]" value="${n.id}"${checked.has(n.id) ? html` checked` : ''}> <label for="${id}">${n.title}</label>${n.children ? render(n.children) : ''}</li>`;
    })}</ul>`;
  return html`<div class="tree">${render(ACL_TREE)}</div>`;
}

/** A posted list of checkbox values. */
export function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
}
