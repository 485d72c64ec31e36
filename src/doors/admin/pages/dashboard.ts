// The dashboard: counts an administrator of a customer-account server looks at first.
import type { FastifyReply } from 'fastify';
import { formatDateTime } from '../../../lib/clock.ts';
import { CUSTOMER_SEARCH_FIELD_NAMES } from '../../../customers/search-repository.ts';
import { parseSearchCriteria } from '../../../lib/search-criteria.ts';
import { html } from '../../html/html.ts';
import { adminLayout } from '../kit/layout.ts';
import { can, sendHtml, takeFlash, url, type AdminPage } from '../kit/context.ts';

export async function dashboardPage(page: AdminPage): Promise<FastifyReply> {
  const { services, ctx } = page;
  const weekAgo = formatDateTime(new Date(services.clock.now().getTime() - 7 * 86400_000));
  const count = async (filters: Array<{ field: string; value: string; conditionType: string }>) =>
    (await services.customerSearch.search(ctx, parseSearchCriteria({ filterGroups: filters.map((f) => ({ filters: [f] })), pageSize: 1, currentPage: 1 }, CUSTOMER_SEARCH_FIELD_NAMES))).total;
  const outbox = await services.outbox.stateCounts();
  const stats: Array<[string, number, string?]> = [
    ['Customers', await count([]), can(page, 'Magento_Customer::manage') ? 'customer/index/' : undefined],
    ['New this week', await count([{ field: 'created_at', value: weekAgo, conditionType: 'gteq' }])],
    ['Locked accounts', await services.authentication.countLocked(ctx)],
    ['Active tokens', await services.tokens.countActive()],
    ['Mail waiting', outbox.pending],
    ['Mail failed', outbox.failed],
  ];
  const content = html`<div class="stats">${stats.map(
    ([label, n, link]) => html`<div class="stat"><strong>${n.toLocaleString('en-US')}</strong>${link ? html`<a href="${url(page, link)}">${label}</a>` : label}</div>`,
  )}</div>`;
  return sendHtml(page, 200, adminLayout(page, { title: 'Dashboard', content, current: 'dashboard/', messages: await takeFlash(page) }));
}
