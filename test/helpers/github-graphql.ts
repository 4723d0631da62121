// GitHub's GraphQL contract as a test can check it: the document must validate against GitHub's
// published schema (`validate` of @octokit/graphql-schema), and must keep to GitHub's documented
// limits (docs: "Rate limits and query limits for the GraphQL API"):
//   - every connection is given `first` or `last`, between 1 and 100;
//   - the node count, each connection's page size times the page sizes of the connections it is
//     nested in, summed over the document, is at most 500,000.
// The fake GitHub refuses any document that breaks these, with GitHub's own wording, so a query
// GitHub would refuse can never pass a test.
import { schema as githubSchemaSource, validate as validateAgainstGithub } from '@octokit/graphql-schema';
import { buildSchema, getNamedType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type ArgumentNode, type GraphQLSchema, type ValueNode } from 'graphql';

export const MAX_PAGE = 100;
export const MAX_NODES = 500_000;

let built: GraphQLSchema | undefined;
/** GitHub's public schema, built once per test worker. */
export function githubSchema(): GraphQLSchema {
  return (built ??= buildSchema(githubSchemaSource.idl, { assumeValidSDL: true }));
}

export interface GithubGraphqlError {
  message: string;
  type?: string;
}

function argumentValue(arg: ArgumentNode | undefined, variables: Record<string, unknown>): unknown {
  if (!arg) return undefined;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.NULL) return null;
  return Symbol('unsupported');
}

/** GitHub's limits on one document that already validates: page bounds and node count. */
export function limitErrors(query: string, variables: Record<string, unknown> = {}): { errors: GithubGraphqlError[]; nodeCount: number } {
  const schema = githubSchema();
  const typeInfo = new TypeInfo(schema);
  const errors: GithubGraphqlError[] = [];
  const multipliers: number[] = [1];
  let nodeCount = 0;
  const connectionDepth: boolean[] = [];
  visit(
    parse(query),
    visitWithTypeInfo(typeInfo, {
      FragmentSpread() {
        errors.push({ message: 'named fragments are not counted by this checker; inline them' });
      },
      Field: {
        enter(node) {
          const type = typeInfo.getType();
          const isConnection = !!type && getNamedType(type).name.endsWith('Connection');
          connectionDepth.push(isConnection);
          if (!isConnection) return;
          const name = node.name.value;
          const first = argumentValue(node.arguments?.find((a) => a.name.value === 'first'), variables);
          const last = argumentValue(node.arguments?.find((a) => a.name.value === 'last'), variables);
          let size = 0;
          if ((first === undefined || first === null) && (last === undefined || last === null)) {
            errors.push({ type: 'MISSING_PAGINATION_BOUNDARIES', message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.` });
          }
          for (const [key, value] of [['first', first], ['last', last]] as const) {
            if (value === undefined || value === null) continue;
            if (typeof value !== 'number') errors.push({ message: `\`${key}\` on the \`${name}\` connection is not a number this checker can read` });
            else if (value > MAX_PAGE) errors.push({ type: 'EXCESSIVE_PAGINATION', message: `Requesting ${value} records on the \`${name}\` connection exceeds the \`${key}\` limit of ${MAX_PAGE} records.` });
            else if (value < 1) errors.push({ type: 'INVALID_PAGINATION', message: `\`${key}\` on the \`${name}\` connection must be between 1 and ${MAX_PAGE}, not ${value}.` });
            else size = Math.max(size, value);
          }
          const parent = multipliers[multipliers.length - 1]!;
          nodeCount += parent * size;
          multipliers.push(parent * size);
        },
        leave() {
          if (connectionDepth.pop()) multipliers.pop();
        },
      },
    }),
  );
  if (nodeCount > MAX_NODES) errors.push({ type: 'MAX_NODE_LIMIT_EXCEEDED', message: `This query requests up to ${nodeCount} possible nodes which exceeds the maximum limit of ${MAX_NODES}.` });
  return { errors, nodeCount };
}

/** Everything GitHub would refuse this document for: schema validation first, then the limits. */
export function githubRefuses(query: string, variables: Record<string, unknown> = {}): GithubGraphqlError[] {
  let invalid: readonly { message: string }[];
  try {
    invalid = validateAgainstGithub(query);
  } catch (error) {
    return [{ message: `Parse error: ${(error as Error).message}` }];
  }
  // graphql-js's rules include GitHub's refusal of a declared variable that is never used.
  if (invalid.length > 0) return invalid.map((e) => ({ message: e.message }));
  return limitErrors(query, variables).errors;
}

