// The Journey desk: one page for agents and credit managers, on the public GraphQL API only (POST
// /graphql and graphql-transport-ws). Plain modules, no framework and no build step: the page must
// run from files in the repository on an offline machine, and it stays small enough to read as a
// reference client. Nothing is kept in browser storage; "now" is the engine's clock, never the browser's.

const $ = (id) => document.getElementById(id);

const labels = {
  NL: {
    team: 'Team', token: 'Token', agent: 'Medewerker', language: 'Taal', customerView: 'Klant', worklistView: 'Werklijst',
    managerView: 'Creditmanager', findBy: 'Zoek op', customerId: 'klantnummer', caseId: 'dossiernummer', id: 'Nummer', find: 'Zoek',
    summary: 'Samenvatting', contact: 'Mag ik contact opnemen, en namens wie?', cases: 'Dossiers', record: 'Vastleggen', what: 'Wat',
    complaint: 'Klacht', dispute: 'Geschil', promise: 'Betaalbelofte', call: 'Gesprek', case: 'Dossier', reason: 'Reden / uitkomst',
    promisedFor: 'Datum belofte', amount: 'Bedrag', nonPayment: 'Reden niet betalen', save: 'Vastleggen', timeline: 'Tijdlijn (alle teams)',
    work: 'Werk per medewerker', agentCol: 'Medewerker', taken: 'Opgepakt', completed: 'Afgerond',
    disputes: 'Geschillen per reden', opened: 'Geopend', upheld: 'Toegekend', rejected: 'Afgewezen', meanDays: 'Gem. dagen tot besluit',
    plan: 'Regeling', instalmentsPaid: 'termijnen betaald', next: 'volgende', ACTIVE: 'loopt', COMPLETED: 'afgerond', BROKEN: 'niet nagekomen',
    PAID: 'betaald', DUE: 'te betalen', LATE: 'te laat', MISSED: 'gemist', arrangement: 'Betalingsregeling', interval: 'Termijn', monthly: 'maandelijks', fortnightly: 'per twee weken', weekly: 'wekelijks',
    ageing: 'Openstaand naar ouderdom', forecast: 'Kasprognose per week', bucket: 'Dagen na vervaldatum', amount: 'Bedrag', count: 'Dossiers',
    week: 'Week van', expected: 'Verwacht', received: 'Ontvangen', open: 'Openstaand', overdue: 'Achterstallig', dso: 'DSO (90 dagen)', promiseKept: 'Beloften nagekomen',
    actions: 'Contacten en waarom', refresh: 'Vernieuwen', byStep: 'Per stap', byChannel: 'Per kanaal', segments: 'Segmenten',
    experiment: 'Experiment', experimentId: 'Experiment-id', show: 'Toon', preview: 'Wat als? (voorbeeld van een regelwijziging)',
    draft: 'Concept', days: 'Dagen terug', run: 'Uitvoeren', now: 'Nu', channel: 'Kanaal', answer: 'Antwoord', sender: 'Afzender',
    why: 'Waarom', stage: 'Fase', amountDue: 'Open', hold: 'Pauze', nextStep: 'Volgende stap', when: 'Wanneer', kind: 'Soort',
    status: 'Status', policy: 'Regels v', take: 'Oppakken', done: 'Klaar', takenBy: 'Opgepakt door', until: 'tot', detail: 'Detail',
    customer: 'Klant', contacts: 'Contacten', paid: 'Betaald', rate: 'Betaalratio', members: 'Leden', variant: 'Variant',
    assigned: 'Toegewezen', interval: '95%-interval', totals: 'Totalen', current: 'Huidig', draftCol: 'Concept', change: 'Wijziging',
    recorded: 'Vastgelegd', personDecides: 'Een mens beslist over contact met deze klant.', none: 'geen', risk: 'Risico',
    notFound: 'Niet gevonden', saved: 'Contacten bespaard door bundelen', live: 'live',
    act: 'Actie', ALLOWED: 'toegestaan', DENIED: 'niet toegestaan', DEFERRED: 'later',
    messages: 'Wat de klant ontving', subject: 'Onderwerp', delivery: 'Bezorging', open: 'Bekijk', pdf: 'Brief (PDF)',
    sentAt: 'verstuurd', deliveredAt: 'bezorgd', failed: 'mislukt', waiting: 'wacht op verzending',
  },
  EN: {
    team: 'Team', token: 'Token', agent: 'Agent', language: 'Language', customerView: 'Customer', worklistView: 'Worklist',
    managerView: 'Credit manager', findBy: 'Find by', customerId: 'customer id', caseId: 'case id', id: 'Id', find: 'Find',
    summary: 'Summary', contact: 'May I contact them now, and as whom?', cases: 'Cases', record: 'Record', what: 'What',
    complaint: 'Complaint', dispute: 'Dispute', promise: 'Promise to pay', call: 'Call', case: 'Case', reason: 'Reason / outcome',
    promisedFor: 'Promised for', amount: 'Amount', nonPayment: 'Reason for non-payment', save: 'Record', timeline: 'Timeline (every team)',
    work: 'Work per agent', agentCol: 'Agent', taken: 'Taken', completed: 'Completed',
    disputes: 'Disputes by reason', opened: 'Opened', upheld: 'Upheld', rejected: 'Rejected', meanDays: 'Mean days to decide',
    plan: 'Plan', instalmentsPaid: 'instalments paid', next: 'next', ACTIVE: 'on track', COMPLETED: 'completed', BROKEN: 'broken',
    PAID: 'paid', DUE: 'due', LATE: 'late', MISSED: 'missed', arrangement: 'Payment plan', interval: 'Interval', monthly: 'monthly', fortnightly: 'fortnightly', weekly: 'weekly',
    ageing: 'Open by age', forecast: 'Cash forecast by week', bucket: 'Days past due', amount: 'Amount', count: 'Cases',
    week: 'Week of', expected: 'Expected', received: 'Received', open: 'Open', overdue: 'Overdue', dso: 'DSO (90 days)', promiseKept: 'Promises kept',
    actions: 'Contacts and why', refresh: 'Refresh', byStep: 'By step', byChannel: 'By channel', segments: 'Segments',
    experiment: 'Experiment', experimentId: 'Experiment id', show: 'Show', preview: 'What if? (preview a rule change)',
    draft: 'Draft', days: 'Days back', run: 'Run', now: 'Now', channel: 'Channel', answer: 'Answer', sender: 'Sender',
    why: 'Why', stage: 'Stage', amountDue: 'Due', hold: 'Hold', nextStep: 'Next step', when: 'When', kind: 'Kind',
    status: 'Status', policy: 'Rules v', take: 'Take', done: 'Done', takenBy: 'Taken by', until: 'until', detail: 'Detail',
    customer: 'Customer', contacts: 'Contacts', paid: 'Paid', rate: 'Payment rate', members: 'Members', variant: 'Variant',
    assigned: 'Assigned', interval: '95 % interval', totals: 'Totals', current: 'Current', draftCol: 'Draft', change: 'Change',
    recorded: 'Recorded', personDecides: 'A person decides about contacting this customer.', none: 'none', risk: 'Risk',
    notFound: 'Not found', saved: 'Contacts saved by bundling', live: 'live',
    act: 'Action', ALLOWED: 'allowed', DENIED: 'not allowed', DEFERRED: 'later',
    messages: 'What the customer received', subject: 'Subject', delivery: 'Delivery', open: 'Show', pdf: 'Letter (PDF)',
    sentAt: 'sent', deliveredAt: 'delivered', failed: 'failed', waiting: 'waiting to be sent',
  },
};

const state = { language: 'NL', zone: 'Europe/Amsterdam', now: null, customerId: null, socket: null, frames: 0, pendingEventId: null, customer: null };
const t = (key) => labels[state.language][key] ?? key;

function translate() {
  document.documentElement.lang = state.language.toLowerCase();
  for (const element of document.querySelectorAll('[data-t]')) {
    element.textContent = t(element.dataset.t);
  }
}

const money = (amount, currency = 'EUR') => amount == null ? '' : new Intl.NumberFormat('nl-NL', { style: 'currency', currency: currency || 'EUR' }).format(amount);
const time = (iso) => iso ? new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: state.zone }).format(new Date(iso)) : '';
const day = (iso) => iso ? new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)) : '';
const tenant = () => $('tenant').value.trim();
const team = () => $('team').value;

function cell(row, content, header = false) {
  const element = document.createElement(header ? 'th' : 'td');
  if (content instanceof Node) element.append(content); else element.textContent = content ?? '';
  row.append(element);
  return element;
}

function table(element, headers, rows) {
  element.replaceChildren();
  const head = element.insertRow();
  for (const header of headers) {
    const th = cell(head, header, true);
    th.scope = 'col';
  }
  for (const row of rows) {
    const tr = element.insertRow();
    for (const value of row) cell(tr, value);
  }
}

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message ?? '';
}

async function gql(query, variables = {}) {
  const headers = { 'content-type': 'application/json' };
  if ($('token').value) headers.authorization = `Bearer ${$('token').value}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors?.length) {
    const error = body.errors[0];
    throw new Error(`${error.message}${error.path ? ` (${error.path.join('.')})` : ''}`);
  }
  return body.data;
}

async function refreshClock() {
  const { clock } = await gql('{ clock { now mode } }');
  state.now = clock.now;
  $('clock').textContent = `${t('now')}: ${time(clock.now)} (${clock.mode})`;
  return clock.now;
}

async function refreshZone() {
  try {
    const { policy } = await gql('query ($t: String!) { policy(tenant: $t) { document } }', { t: tenant() });
    const zone = /^timeZone:\s*([\w/+-]+)/m.exec(policy?.document ?? '')?.[1];
    state.zone = zone ?? 'Europe/Amsterdam';
  } catch {
    state.zone = 'Europe/Amsterdam';
  }
}

const selection = `
  id version flags risk { level signals }
  summary(language: $language)
  contactOptions(team: $team) { channel decision { outcome deferredUntil sender senderName wkiNumber suggestedChannel policyVersion explanations(language: $language) { code label } } }
  cases { id stage amountDue currency onHold holdReason plan { state remaining instalments { dueDate amount status } } nextStep { kind channel at explanations(language: $language) { label } } }
  timeline(first: 50) { eventId type occurredAt team channel caseId amount currency attributes { key value } }
  actions { actionId kind channel sender senderName wkiNumber status at sentAt deliveredAt failureReason decidedBy policyVersion explanations(language: $language) { label } cases { caseId } }
  suppressed { actionId kind channel sender senderName wkiNumber status at policyVersion explanations(language: $language) { label } }`;

async function find(event) {
  event?.preventDefault();
  showError(null);
  try {
    await refreshZone();
    await refreshClock();
    let id = $('find-id').value.trim();
    if ($('find-kind').value === 'case') {
      const { case: found } = await gql('query ($t: String!, $id: String!) { case(tenant: $t, id: $id) { customerId } }', { t: tenant(), id });
      if (!found) throw new Error(t('notFound'));
      id = found.customerId;
    }
    const { customer } = await gql(`query ($t: String!, $id: String!, $team: Team!, $language: ExplanationLanguage) { customer(tenant: $t, id: $id) { ${selection} } }`,
      { t: tenant(), id, team: team(), language: state.language });
    if (!customer) throw new Error(t('notFound'));
    state.customerId = id;
    render(customer);
    subscribe(id);
  } catch (error) {
    $('customer').hidden = true;
    showError(error.message);
  }
}

function render(customer) {
  state.customer = customer;
  $('customer').hidden = false;
  $('customer-title').textContent = `${t('customer')} ${customer.id} · v${customer.version}`;

  // Flags first: a person decides.
  $('flags').replaceChildren(...customer.flags.map((flag) => {
    const p = document.createElement('p');
    p.textContent = `${flag}: ${t('personDecides')}`;
    return p;
  }));
  const risk = customer.risk.level === 'NONE' ? [] : [`${t('risk')}: ${customer.risk.level} (${customer.risk.signals.join(', ')})`];
  $('summary').replaceChildren(...[...customer.summary, ...risk].map((line) => Object.assign(document.createElement('li'), { textContent: line })));

  table($('contact'), [t('channel'), t('answer'), t('sender'), t('why')], customer.contactOptions.map(({ channel, decision }) => {
    const answer = Object.assign(document.createElement('span'), { className: decision.outcome.toLowerCase(), textContent: t(decision.outcome) });
    if (decision.deferredUntil) answer.textContent += ` (${time(decision.deferredUntil)})`;
    if (decision.suggestedChannel && decision.suggestedChannel !== channel) answer.textContent += ` → ${decision.suggestedChannel}`;
    const sender = decision.senderName + (decision.wkiNumber ? ` (WKI ${decision.wkiNumber})` : '');
    return [channel, answer, sender, `${decision.explanations.map((e) => e.label).join('; ')} · ${t('policy')}${decision.policyVersion}`];
  }));

  table($('cases'), [t('case'), t('stage'), t('amountDue'), t('hold'), t('plan'), t('nextStep')], customer.cases.map((c) => [
    c.id, c.stage, money(c.amountDue, c.currency), c.onHold ? c.holdReason : '', planText(c.plan, c.currency),
    c.nextStep ? `${c.nextStep.kind} ${c.nextStep.channel} ${time(c.nextStep.at)} — ${c.nextStep.explanations.map((e) => e.label).join('; ')}` : '',
  ]));
  const selected = $('record-case').value;
  $('record-case').replaceChildren(...customer.cases.map((c) => Object.assign(document.createElement('option'), { value: c.id, textContent: c.id })));
  if (customer.cases.some((c) => c.id === selected)) $('record-case').value = selected;

  $('timeline').replaceChildren(...customer.timeline.map((entry) => {
    const li = document.createElement('li');
    li.dataset.eventId = entry.eventId;
    const reason = entry.attributes.find((a) => a.key === 'reason')?.value;
    li.textContent = [time(entry.occurredAt), entry.type, entry.team, entry.channel, entry.caseId, money(entry.amount, entry.currency), reason].filter(Boolean).join(' · ');
    return li;
  }));

  const decisions = [...customer.actions, ...customer.suppressed.map((s) => ({ ...s, withheld: true }))].sort((a, b) => (a.at < b.at ? 1 : -1));
  table($('actions'), [t('when'), t('kind'), t('channel'), t('status'), t('sender'), t('why')], decisions.map((a) => [
    time(a.at), a.kind + (a.cases?.length > 1 ? ` ×${a.cases.length}` : ''), a.channel, a.status,
    a.senderName ? a.senderName + (a.wkiNumber ? ` (WKI ${a.wkiNumber})` : '') : '',
    `${a.explanations.map((e) => e.label).join('; ')} · ${t('policy')}${a.policyVersion}`,
  ]));
  renderMessages(customer);
}

// What the customer received: every message the rules sent or tried to send, its fate, and the message itself as
// the engine renders it for the connectors (the e-mail's or SMS's text, the letter as its PDF).
function renderMessages(customer) {
  const sent = customer.actions.filter((a) => a.channel !== 'PHONE' && a.decidedBy === 'rules' && ['DISPATCHED', 'SENT', 'FAILED'].includes(a.status))
    .sort((a, b) => (a.at < b.at ? 1 : -1));
  table($('messages'), [t('when'), t('kind'), t('channel'), t('delivery'), t('open')], sent.map((a) => {
    const delivery = a.status === 'FAILED' ? `${t('failed')}: ${a.failureReason ?? ''}`
      : a.status === 'DISPATCHED' ? t('waiting')
      : [`${t('sentAt')} ${time(a.sentAt)}`, a.deliveredAt ? `${t('deliveredAt')} ${time(a.deliveredAt)}` : null].filter(Boolean).join(', ');
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: `${t('open')} ${a.actionId}` });
    button.addEventListener('click', () => showMessage(a.actionId));
    return [time(a.at), a.kind, a.channel, delivery, button];
  }));
}

async function showMessage(actionId) {
  showError(null);
  try {
    const { message } = await gql(`query ($t: String!, $c: String!, $a: String!) { message(tenant: $t, customerId: $c, actionId: $a) {
      actionId channel language subject text failure letterPdf recipient { name email phone addressLines postalCode city } } }`,
    { t: tenant(), c: state.customerId, a: actionId });
    const view = $('message');
    view.hidden = false;
    const to = [message.recipient.name, message.recipient.email, message.recipient.phone, ...message.recipient.addressLines, [message.recipient.postalCode, message.recipient.city].filter(Boolean).join(' ')]
      .filter(Boolean).join(' · ');
    const parts = [
      Object.assign(document.createElement('h4'), { textContent: `${message.channel} ${message.actionId} (${message.language ?? ''})` }),
      Object.assign(document.createElement('p'), { textContent: to }),
    ];
    if (message.subject) parts.push(Object.assign(document.createElement('p'), { className: 'subject', textContent: `${t('subject')}: ${message.subject}` }));
    parts.push(Object.assign(document.createElement('pre'), { textContent: message.text ?? message.failure ?? '' }));
    if (message.letterPdf) {
      const bytes = Uint8Array.from(atob(message.letterPdf), (c) => c.charCodeAt(0));
      const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })), textContent: t('pdf'), target: '_blank', rel: 'noopener' });
      link.download = `${message.actionId.replaceAll('/', '-')}.pdf`;
      parts.push(link);
    }
    view.replaceChildren(...parts);
  } catch (error) {
    showError(error.message);
  }
}

// Live: the customer's state arrives with every change as a graphql-transport-ws frame, rendered as it is.
function subscribe(id) {
  state.socket?.close();
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, 'graphql-transport-ws');
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: $('token').value ? { authorization: `Bearer ${$('token').value}` } : {} }));
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'connection_ack') {
      socket.send(JSON.stringify({
        id: '1', type: 'subscribe',
        payload: {
          query: `subscription ($t: String!, $id: String!, $team: Team!, $language: ExplanationLanguage) { customerChanged(tenant: $t, id: $id) { version customer { ${selection} } } }`,
          variables: { t: tenant(), id, team: team(), language: state.language },
        },
      }));
    } else if (frame.type === 'next' && frame.payload?.data?.customerChanged && socket === state.socket) {
      state.frames += 1;
      document.body.dataset.frames = String(state.frames);
      render(frame.payload.data.customerChanged.customer);
    } else if (frame.type === 'error') {
      showError(frame.payload?.[0]?.message ?? 'subscription refused');
    } else if (frame.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    }
  };
}

// A plan in one line: its state, the instalments paid of all, and the next one not paid.
function planText(plan, currency) {
  if (!plan) return '';
  const paid = plan.instalments.filter((i) => i.status === 'PAID').length;
  const next = plan.instalments.find((i) => i.status !== 'PAID');
  return [t(plan.state), `${paid}/${plan.instalments.length} ${t('instalmentsPaid')}`, next ? `${t('next')} ${day(next.dueDate)} ${money(next.amount, currency)} (${t(next.status)})` : ''].filter(Boolean).join(' · ');
}

// One eventId per submission: a retry after a failure sends the same id, so nothing is recorded twice.
async function record(event) {
  event.preventDefault();
  showError(null);
  const type = $('record-type').value;
  state.pendingEventId ??= `desk-${crypto.randomUUID()}`;
  try {
    const occurredAt = await refreshClock();
    const attributes = [];
    const reason = $('record-reason').value.trim();
    if (type === 'CALL_COMPLETED') {
      if (reason) attributes.push({ key: 'outcome', value: reason });
      if ($('record-nonpayment').value.trim()) attributes.push({ key: 'nonPaymentReason', value: $('record-nonpayment').value.trim() });
    } else if (reason) {
      attributes.push({ key: 'reason', value: reason });
    }
    const input = {
      eventId: state.pendingEventId, tenant: tenant(), customerId: state.customerId, caseId: $('record-case').value || null, type,
      occurredAt, team: team(), channel: type === 'CALL_COMPLETED' ? 'PHONE' : null, attributes,
    };
    if (type === 'PAYMENT_ARRANGEMENT_AGREED') {
      attributes.push({ key: 'interval', value: $('record-interval').value });
    }
    if (type === 'PROMISE_TO_PAY' || type === 'PAYMENT_ARRANGEMENT_AGREED') {
      input.dueDate = $('record-date').value;
      input.amount = $('record-amount').value ? Number($('record-amount').value.replace(',', '.')) : null;
      input.currency = input.amount == null ? null : 'EUR';
    }
    const { recordTouchpoint } = await gql('mutation ($i: TouchpointInput!) { recordTouchpoint(input: $i) { eventId duplicate version } }', { i: input });
    state.pendingEventId = null;
    $('record').reset();
    $('record-status').textContent = `${t('recorded')}: v${recordTouchpoint.version}`;
  } catch (error) {
    showError(error.message);
  }
}

const agentOf = () => $('agent').value.trim() || null;

async function worklist() {
  showError(null);
  try {
    await refreshZone();
    await refreshClock();
    const { worklist: page } = await gql(
      'query ($t: String!, $team: Team!) { worklist(tenant: $t, team: $team, first: 100) { total items { itemId kind customerId caseId since promisedFor amountDue detail takenBy leasedUntil } } }',
      { t: tenant(), team: team() });
    table($('worklist'), [t('kind'), t('customer'), t('case'), t('when'), t('amountDue'), t('detail'), t('takenBy'), t('act')], page.items.map((item) => {
      const buttons = document.createElement('span');
      for (const [label, mutation] of [['take', 'takeWorklistItem'], ['done', 'completeWorklistItem']]) {
        const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(label) });
        button.setAttribute('aria-label', `${t(label)} ${item.kind} ${item.customerId}`);
        button.onclick = async () => {
          try {
            await gql(`mutation ($t: String!, $i: String!, $a: String) { ${mutation}(tenant: $t, itemId: $i, agent: $a) ${mutation === 'takeWorklistItem' ? '{ taken }' : ''} }`,
              { t: tenant(), i: item.itemId, a: agentOf() });
            await worklist();
          } catch (error) {
            showError(error.message);
          }
        };
        buttons.append(button, ' ');
      }
      const taken = item.takenBy && item.leasedUntil > state.now ? `${item.takenBy} ${t('until')} ${time(item.leasedUntil)}` : '';
      return [item.kind, item.customerId, item.caseId, item.promisedFor ? day(item.promisedFor) : time(item.since), money(item.amountDue), item.detail, taken, buttons];
    }));
    $('worklist').dataset.total = String(page.total);
  } catch (error) {
    showError(error.message);
  }
}

// A horizontal bar chart: one bar per row, its length the value against the largest.
function bars(element, rows, format = (v) => v) {
  const width = 420;
  const height = rows.length * 22 + 4;
  const largest = Math.max(1, ...rows.map((r) => r.value));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', String(width + 160));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', rows.map((r) => `${r.label}: ${format(r.value)}`).join(', '));
  rows.forEach((row, i) => {
    const label = document.createElementNS(svg.namespaceURI, 'text');
    Object.entries({ x: 0, y: i * 22 + 15 }).forEach(([k, v]) => label.setAttribute(k, String(v)));
    label.textContent = row.label;
    const bar = document.createElementNS(svg.namespaceURI, 'rect');
    Object.entries({ x: 150, y: i * 22 + 4, width: Math.max(1, (row.value / largest) * width), height: 16, fill: '#2f6f9f' }).forEach(([k, v]) => bar.setAttribute(k, String(v)));
    const value = document.createElementNS(svg.namespaceURI, 'text');
    Object.entries({ x: 155 + (row.value / largest) * width, y: i * 22 + 15 }).forEach(([k, v]) => value.setAttribute(k, String(v)));
    value.textContent = format(row.value);
    svg.append(label, bar, value);
  });
  element.replaceChildren(svg);
}

const percent = (v) => (v == null ? '' : `${(v * 100).toFixed(1).replace('.', ',')} %`);

async function manager() {
  showError(null);
  try {
    const data = await gql(`query ($t: String!) {
      statistics(tenant: $t) { byStep { step contacts paid paymentRate } byChannel { channel contacts paid paymentRate } disputes { reason label opened upheld rejected decided meanDaysToDecide } }
      segmentCounts(tenant: $t) { segment count }
      worklistWork(tenant: $t) { team agent taken completed }
      receivables(tenant: $t) { open overdue dso promiseKeptRate ageing { bucket amount count } forecast(weeks: 13, past: 4) { weekStart expected received } }
      policy(tenant: $t) { document } }`, { t: tenant() });
    receivables(data.receivables);
    const steps = data.statistics.byStep;
    bars($('chart-step'), steps.map((s) => ({ label: s.step ?? '-', value: s.paymentRate ?? 0 })), percent);
    table($('by-step'), [t('nextStep'), t('contacts'), t('paid'), t('rate')], steps.map((s) => [s.step ?? '-', s.contacts, s.paid, percent(s.paymentRate)]));
    const channels = data.statistics.byChannel;
    bars($('chart-channel'), channels.map((c) => ({ label: c.channel, value: c.paymentRate ?? 0 })), percent);
    table($('by-channel'), [t('channel'), t('contacts'), t('paid'), t('rate')], channels.map((c) => [c.channel, c.contacts, c.paid, percent(c.paymentRate)]));
    table($('segments'), [t('segments'), t('members')], data.segmentCounts.map((s) => [s.segment, s.count]));
    table($('work'), [t('team'), t('agentCol'), t('taken'), t('completed')], data.worklistWork.map((w) => [w.team, w.agent, w.taken, w.completed]));
    table($('disputes'), [t('reason'), t('opened'), t('upheld'), t('rejected'), t('meanDays')], data.statistics.disputes.map((d) =>
      [d.label ?? d.reason, d.opened, d.upheld, d.rejected, d.meanDaysToDecide == null ? '' : d.meanDaysToDecide.toFixed(1).replace('.', ',')]));
    if (!$('preview-draft').value) $('preview-draft').value = data.policy?.document ?? '';
  } catch (error) {
    showError(error.message);
  }
}

const bucketLabels = { CURRENT: '0', D1_30: '1–30', D31_60: '31–60', D61_90: '61–90', D90_PLUS: '> 90' };

// Ageing and the cash forecast (docs/credit-numbers.md): open amounts by days past due, expected against received per week.
function receivables(figures) {
  const number = (v) => (v == null ? '–' : v.toFixed(1).replace('.', ','));
  $('receivables-summary').textContent = [`${t('open')} ${money(figures.open)}`, `${t('overdue')} ${money(figures.overdue)}`,
    `${t('dso')} ${number(figures.dso)}`, `${t('promiseKept')} ${percent(figures.promiseKeptRate) || '–'}`].join(' · ');
  bars($('chart-ageing'), figures.ageing.map((r) => ({ label: bucketLabels[r.bucket], value: Number(r.amount) })), (v) => money(v));
  table($('ageing'), [t('bucket'), t('amount'), t('count')], figures.ageing.map((r) => [bucketLabels[r.bucket], money(r.amount), r.count]));
  bars($('chart-forecast'), figures.forecast.map((w) => ({ label: day(w.weekStart), value: Number(w.expected) })), (v) => money(v));
  table($('forecast'), [t('week'), t('expected'), t('received')], figures.forecast.map((w) => [day(w.weekStart), money(w.expected), money(w.received)]));
}

async function experiment(event) {
  event.preventDefault();
  showError(null);
  try {
    const { experimentResults } = await gql('query ($t: String!, $e: String!) { experimentResults(tenant: $t, experiment: $e) { variants { variant assigned paidWithin paidRate paidRateLow paidRateHigh } } }',
      { t: tenant(), e: $('experiment-id').value.trim() });
    const variants = experimentResults?.variants ?? [];
    bars($('chart-experiment'), variants.map((v) => ({ label: v.variant, value: v.paidRate })), percent);
    table($('experiment'), [t('variant'), t('assigned'), t('paid'), t('rate'), t('interval')],
      variants.map((v) => [v.variant, v.assigned, v.paidWithin, percent(v.paidRate), `${percent(v.paidRateLow)} – ${percent(v.paidRateHigh)}`]));
  } catch (error) {
    showError(error.message);
  }
}

const totalsSelection = 'contacts caseContacts handovers deferredByQuietHours deferredByBudget holdsHonoured suppressed';

async function preview(event) {
  event.preventDefault();
  showError(null);
  try {
    const to = await refreshClock();
    const from = new Date(new Date(to).getTime() - Number($('preview-days').value) * 86_400_000).toISOString();
    let { previewPolicy: report } = await gql('mutation ($t: String!, $d: String!, $f: String!, $to: String!) { previewPolicy(tenant: $t, document: $d, from: $f, to: $to) { id status } }',
      { t: tenant(), d: $('preview-draft').value, f: from, to });
    for (let polls = 0; report.status === 'RUNNING' && polls < 120; polls++) {
      $('preview-status').textContent = report.status;
      await new Promise((resolve) => setTimeout(resolve, 500));
      ({ policyPreview: report } = await gql(`query ($t: String!, $id: String!) { policyPreview(tenant: $t, id: $id) { id status current { ${totalsSelection} } draft { ${totalsSelection} } cases(first: 50) { customerId caseId changes { change stepId kind currentAt draftAt } } } }`,
        { t: tenant(), id: report.id }));
    }
    $('preview-status').textContent = report.status;
    if (!report.current) return;
    const keys = totalsSelection.split(' ');
    table($('preview-totals'), [t('totals'), t('current'), t('draftCol')], keys.map((k) => [k, report.current[k], report.draft[k]]));
    table($('preview-cases'), [t('customer'), t('case'), t('change'), t('nextStep'), t('current'), t('draftCol')],
      report.cases.flatMap((c) => c.changes.map((ch) => [c.customerId, c.caseId, ch.change, `${ch.stepId ?? ''} ${ch.kind}`, time(ch.currentAt), time(ch.draftAt)])));
  } catch (error) {
    showError(error.message);
  }
}

function show(view) {
  for (const button of document.querySelectorAll('nav button')) button.setAttribute('aria-pressed', String(button.dataset.view === view));
  $('customer-view').hidden = view !== 'customer';
  $('worklist-view').hidden = view !== 'worklist';
  $('manager-view').hidden = view !== 'manager';
  if (view === 'worklist') worklist();
  if (view === 'manager') manager();
}

function subjectOf(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub ?? null;
  } catch {
    return null;
  }
}

$('find').addEventListener('submit', find);
$('record').addEventListener('submit', record);
$('record').addEventListener('input', () => { state.pendingEventId = null; });
$('worklist-refresh').addEventListener('click', worklist);
$('manager-refresh').addEventListener('click', manager);
$('experiment-form').addEventListener('submit', experiment);
$('preview-form').addEventListener('submit', preview);
$('session').addEventListener('submit', (event) => event.preventDefault());
$('language').addEventListener('change', () => {
  state.language = $('language').value;
  translate();
  if (state.customerId) find();
});
$('token').addEventListener('change', () => {
  const subject = subjectOf($('token').value);
  if (subject) $('agent').value = subject;
  $('agent').readOnly = Boolean(subject);
});
for (const button of document.querySelectorAll('nav button')) button.addEventListener('click', () => show(button.dataset.view));
translate();
refreshClock().catch((error) => showError(error.message));
