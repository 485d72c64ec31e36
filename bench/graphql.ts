// Scenario 8: the GraphQL door against the REST door in the same run. 8a: a storefront's account
// query (`customer { firstname lastname email addresses { … } }`) against GET /V1/customers/me,
// both with the same customer token, run back to back; 8b: generateCustomerToken against the raw
// argon2id verify rate, as scenario 2 measures REST sign-in.
import { load, type LoadResult } from './load.ts';

export const CUSTOMER_QUERY = `{ customer { firstname lastname email addresses { id firstname lastname street city postcode country_code telephone region { region region_code region_id } default_billing default_shipping } } }`;

export interface GraphQlBenchInput {
  url: string;
  customerToken: string;
  password: string;
  loginUsers: number;
  seconds: number;
  connections: number;
  rawVerifyRate: () => Promise<number>;
}

export interface GraphQlBenchRow {
  scenario: string;
  name: string;
  result: LoadResult;
  notes: string[];
}

export async function graphqlScenarios(input: GraphQlBenchInput): Promise<GraphQlBenchRow[]> {
  const { url, customerToken, seconds, connections } = input;
  const auth = { authorization: `Bearer ${customerToken}` };
  const gql = () => load({ url: `${url}/graphql`, seconds, connections, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query: CUSTOMER_QUERY }) });
  const rest = () => load({ url: `${url}/rest/default/V1/customers/me`, seconds, connections, headers: auth });
  await gql(); // warm-up: JIT and the parsed-document cache
  // REST, GraphQL, REST again: the ratio uses the mean of both REST runs, so drift on a shared machine cancels out.
  const restBefore = await rest();
  const graphql = await gql();
  const restAfter = await rest();
  const restRps = (restBefore.rps + restAfter.rps) / 2;
  const rows: GraphQlBenchRow[] = [
    {
      scenario: '8a',
      name: 'POST /graphql { customer { … addresses } }',
      result: graphql,
      notes: [`REST GET /V1/customers/me ${restRps.toFixed(0)} req/s in the same run -> ratio ${(graphql.rps / restRps).toFixed(2)} (target >= 0.8)`],
    },
  ];

  let n = 0;
  const body = () =>
    JSON.stringify({
      query: 'mutation($e:String!,$p:String!){generateCustomerToken(email:$e,password:$p){token}}',
      variables: { e: `login${n++ % input.loginUsers}@example.com`, p: input.password },
    });
  const rawBefore = await input.rawVerifyRate();
  const signIn = await load({ url: `${url}/graphql`, seconds, connections, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: body });
  const raw = (rawBefore + (await input.rawVerifyRate())) / 2;
  rows.push({
    scenario: '8b',
    name: 'POST /graphql generateCustomerToken',
    result: signIn,
    notes: [`raw argon2id verify ${raw.toFixed(1)}/s -> ${((signIn.rps / raw) * 100).toFixed(1)}% of raw`],
  });
  return rows;
}
