// Magento's query limits (Magento\Framework\GraphQl\Query\QueryComplexityLimiter, defaults from
// GraphQl/etc/di.xml: depth 20, complexity 300) and its introspection switch, as graphql-php's
// QueryDepth, QueryComplexity and DisableIntrospection rules state them.
import {
  GraphQLError,
  Kind,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export const MAX_DEPTH = 20;
export const MAX_COMPLEXITY = 300;

/**
 * QueryComplexityLimiter::validateFieldCount: every field written in the document counts once
 * (fragments included, as written). Magento checks it before validation and answers with a
 * graphql-input error.
 */
export function fieldCount(document: DocumentNode): number {
  let count = 0;
  visit(document, { Field: { leave: () => void count++ } });
  return count;
}

export const complexityMessage = (count: number) => `Max query complexity should be ${MAX_COMPLEXITY} but got ${count}.`;

/** graphql-php QueryDepth: root fields are at depth 0; fragments are followed where they are spread. */
export function depthRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const depth = selectionDepth(context, node.selectionSet, 0, new Set());
      if (depth > MAX_DEPTH) context.reportError(new GraphQLError(`Max query depth should be ${MAX_DEPTH} but got ${depth}.`));
    },
  };
}

/**
 * graphql-php QueryComplexity: each field costs 1 plus its children, fragments counted where they
 * are spread; a field skipped by @skip/@include costs nothing (so it depends on the variables).
 */
export function queryComplexity(document: DocumentNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let max = 0;
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) max = Math.max(max, selectionComplexity(fragments, def.selectionSet, variables, new Set()));
  }
  return max;
}

/** graphql-php DisableIntrospection. */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(new GraphQLError('GraphQL introspection is not allowed, but the query contained __schema or __type', { nodes: node }));
      }
    },
  };
}

function fragment(context: ValidationContext, name: string): FragmentDefinitionNode | undefined {
  return context.getFragment(name) ?? undefined;
}

/** The depth of the deepest field with a selection set below `set`, whose fields are at `depth`. */
function selectionDepth(context: ValidationContext, set: SelectionSetNode, depth: number, seen: Set<string>): number {
  let max = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.selectionSet) max = Math.max(max, depth, selectionDepth(context, selection.selectionSet, depth + 1, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(context, selection.selectionSet, depth, seen));
    } else {
      const name = selection.name.value;
      const inner = seen.has(name) ? undefined : fragment(context, name)?.selectionSet;
      if (inner) max = Math.max(max, selectionDepth(context, inner, depth, new Set(seen).add(name)));
    }
  }
  return max;
}

function selectionComplexity(fragments: Map<string, FragmentDefinitionNode>, set: SelectionSetNode, variables: Record<string, unknown>, seen: Set<string>): number {
  let total = 0;
  for (const selection of set.selections) {
    if (skipped(selection.directives ?? [], variables)) continue;
    if (selection.kind === Kind.FIELD) {
      total += 1 + (selection.selectionSet ? selectionComplexity(fragments, selection.selectionSet, variables, seen) : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += selectionComplexity(fragments, selection.selectionSet, variables, seen);
    } else {
      const name = selection.name.value;
      const def = seen.has(name) ? undefined : fragments.get(name);
      if (def) total += selectionComplexity(fragments, def.selectionSet, variables, new Set(seen).add(name));
    }
  }
  return total;
}

function skipped(directives: ReadonlyArray<{ name: { value: string }; arguments?: ReadonlyArray<{ name: { value: string }; value: ValueNode }> }>, variables: Record<string, unknown>): boolean {
  for (const directive of directives) {
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value = arg.value.kind === Kind.BOOLEAN ? arg.value.value : arg.value.kind === Kind.VARIABLE ? Boolean(variables[arg.value.name.value]) : false;
    if (directive.name.value === 'skip' && value) return true;
    if (directive.name.value === 'include' && !value) return true;
  }
  return false;
}
