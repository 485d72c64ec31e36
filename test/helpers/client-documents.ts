// The GraphQL documents real storefronts send, loaded from their installed packages (never
// retyped): PWA Studio's Venia/Peregrine `.gql.js` modules, evaluated with graphql-tag (what
// @apollo/client's `gql` is) after esbuild bundles their imports, and GraphCommerce's `.graphql`
// files, whose fragments are global by name as GraphCommerce's codegen resolves them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse, print, visit, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { ROOT } from './server.ts';

const MODULES = join(ROOT, 'node_modules');

/** Every exported DocumentNode of a PWA Studio `.gql.js` file, by export name, printed. */
export async function veniaDocuments(file: string): Promise<Record<string, string>> {
  const result = await build({
    entryPoints: [join(MODULES, file)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    // @apollo/client's gql is graphql-tag's; only that export is needed to evaluate the documents.
    plugins: [
      {
        name: 'apollo-gql',
        setup(b) {
          b.onResolve({ filter: /^@apollo\/client$/ }, () => ({ path: 'apollo', namespace: 'apollo' }));
          b.onLoad({ filter: /.*/, namespace: 'apollo' }, () => ({ contents: "export { gql } from 'graphql-tag';", resolveDir: ROOT, loader: 'js' }));
        },
      },
    ],
  });
  const code = result.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(mod)) {
    if (value && typeof value === 'object' && (value as DocumentNode).kind === Kind.DOCUMENT) out[name] = print(value as DocumentNode);
  }
  return out;
}

function graphqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) out.push(...graphqlFiles(path));
    else if (name.endsWith('.graphql')) out.push(path);
  }
  return out;
}

/** GraphCommerce's build-time directive: it merges one fragment into another; the server never sees it. */
function withoutInject(def: FragmentDefinitionNode): FragmentDefinitionNode {
  return { ...def, directives: (def.directives ?? []).filter((d) => d.name.value !== 'inject') };
}

export class GraphCommerceDocuments {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly operations = new Map<string, OperationDefinitionNode>();

  constructor(packages: string[]) {
    for (const pkg of packages) {
      for (const file of graphqlFiles(join(MODULES, pkg))) {
        for (const def of parse(readFileSync(file, 'utf8')).definitions) {
          if (def.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(def.name.value, withoutInject(def));
          else if (def.kind === Kind.OPERATION_DEFINITION && def.name) this.operations.set(def.name.value, def);
        }
      }
    }
  }

  /** The named operation with every fragment it reaches, as GraphCommerce sends it. */
  document(operationName: string): string {
    const operation = this.operations.get(operationName);
    if (!operation) throw new Error(`GraphCommerce has no operation ${operationName}`);
    const needed = new Map<string, FragmentDefinitionNode>();
    const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread: (spread) => {
          const name = spread.name.value;
          if (needed.has(name)) return;
          const fragment = this.fragments.get(name);
          if (!fragment) throw new Error(`GraphCommerce has no fragment ${name}`);
          needed.set(name, fragment);
          collect(fragment);
        },
      });
    collect(operation);
    return print({ kind: Kind.DOCUMENT, definitions: [operation, ...needed.values()] });
  }
}

/** What Apollo Client sends (addTypename): `__typename` in every selection set but the operation's own. */
export function apolloStyle(query: string): string {
  const typename = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } } as const;
  return print(
    visit(parse(query), {
      SelectionSet: {
        leave(node, _key, parent) {
          if (parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
          if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
          return { ...node, selections: [...node.selections, typename] };
        },
      },
    }),
  );
}
