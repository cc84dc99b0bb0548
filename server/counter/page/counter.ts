/**
 * The counter page (一窗受理) in the browser: a clerk enters a walk-in applicant's form,
 * uploads the materials, submits, sees each field's problem next to it, and prints the
 * receipt. Talks only to the server's public API with the clerk's bearer token.
 */

interface Option {
  code: string;
  name: string;
}

interface CityOption extends Option {
  banks: Option[];
}

interface FormOptions {
  items: Option[];
  idTypes: Option[];
  sexes: Option[];
  retirementBases: Option[];
  ethnicGroups: Option[];
  medicalCategories: Option[];
  archiveReceivingBases: Option[];
  paymentFrequencies: Option[];
  cities: CityOption[];
}

interface FieldProblem {
  field: string;
  message: string;
}

interface ApiError {
  code: string;
  message: string;
  fields?: FieldProblem[];
}

interface Submission {
  receiptNumber: string;
  receivedAt: string;
  items: { item: string; name: string; departmentName: string }[];
  counter: { name: string; address: string; openingHours: string; hotline: string };
}

const form = element<HTMLFormElement>('application-form');
const tokenInput = element<HTMLInputElement>('clerk-token');
const uploaded = new Map<string, string>();
let idempotencyKey = crypto.randomUUID();

void start();

async function start(): Promise<void> {
  tokenInput.value = sessionStorage.getItem('clerk-token') ?? '';
  tokenInput.addEventListener('change', () =>
    sessionStorage.setItem('clerk-token', tokenInput.value),
  );

  const options = (await (await fetch('/api/reference/form-options')).json()) as FormOptions;
  fillChoices(options);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  element('print').addEventListener('click', () => window.print());
  element('new-application').addEventListener('click', resetForNext);
  document.body.dataset.ready = 'true';
}

function fillChoices(options: FormOptions): void {
  const items = element('items');
  for (const item of options.items) {
    const label = document.createElement('label');
    label.className = 'inline';
    label.innerHTML = `<input type="checkbox" name="form.items" value="${item.code}" />`;
    label.append(item.name);
    items.append(label);
  }
  items.addEventListener('change', showChosenSections);

  for (const select of Array.from(
    form.querySelectorAll<HTMLSelectElement>('select[data-options]'),
  )) {
    const list = options[select.dataset.options as keyof FormOptions] as Option[];
    const blank = select.dataset.blank ?? '请选择';
    select.append(new Option(blank, ''), ...list.map((o) => new Option(o.name, o.code)));
  }

  const city = element<HTMLSelectElement>('city');
  city.addEventListener('change', () => {
    const chosen = options.cities.find((c) => c.code === city.value);
    const bank = element<HTMLSelectElement>('bank');
    bank.replaceChildren(
      new Option('请选择', ''),
      ...(chosen?.banks ?? []).map((b) => new Option(b.name, b.code)),
    );
  });
}

function showChosenSections(): void {
  const chosen = new Set(chosenItems());
  for (const section of Array.from(form.querySelectorAll<HTMLElement>('fieldset[data-section]'))) {
    section.hidden = !chosen.has(section.dataset.section!);
  }
}

async function submit(): Promise<void> {
  clearErrors();
  const token = tokenInput.value.trim();
  if (!token) return showErrors('请先输入窗口人员令牌', []);

  const button = element<HTMLButtonElement>('submit');
  button.disabled = true;
  try {
    const materials: Record<string, string> = {};
    const problems: FieldProblem[] = [];
    if (chosenItems().includes('social-security-card')) {
      await uploadInto(materials, problems, token, 'photo', 'photo', 'materials.photo');
    }
    await uploadInto(
      materials,
      problems,
      token,
      'id-document',
      'idDocument',
      'materials.idDocument',
    );
    if (problems.length > 0) return showErrors('材料不符合要求，请按提示重新选择文件', problems);

    const response = await fetch('/api/applications', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({ form: readForm(), materials }),
    });
    const body = await response.json();
    if (!response.ok)
      return showErrors((body as ApiError).message, (body as ApiError).fields ?? []);
    showReceipt(body as Submission);
  } catch {
    showErrors('网络异常，请稍后重试（重复提交不会重复受理）', []);
  } finally {
    button.disabled = false;
  }
}

async function uploadInto(
  materials: Record<string, string>,
  problems: FieldProblem[],
  token: string,
  kind: string,
  key: string,
  field: string,
): Promise<void> {
  const file = element<HTMLInputElement>(kind).files?.[0];
  if (!file) return;
  const cacheKey = `${kind}:${file.name}:${file.size}:${file.lastModified}`;
  const known = uploaded.get(cacheKey);
  if (known) {
    materials[key] = known;
    return;
  }

  const data = new FormData();
  data.append('file', file);
  const response = await fetch(`/api/materials/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: data,
  });
  const body = await response.json();
  if (!response.ok) {
    problems.push({ field, message: (body as ApiError).message });
    return;
  }
  uploaded.set(cacheKey, body.materialId);
  materials[key] = body.materialId;
}

/**
 * The form as JSON: empty fields left out, numbers and check boxes typed, hidden sections
 * skipped. Each shown section is sent, even empty, so the server names each missing field.
 */
function readForm(): Record<string, unknown> {
  const result: Record<string, unknown> = { items: chosenItems() };
  for (const field of Array.from(
    form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[name^="form."]'),
  )) {
    if (field.name === 'form.items' || field.closest('fieldset[hidden]')) continue;
    const path = field.name.slice('form.'.length).split('.');
    result[path[0]!] ??= {};
    const value = fieldValue(field);
    if (value !== undefined) setPath(result, path, value);
  }
  return result;
}

function fieldValue(field: HTMLInputElement | HTMLSelectElement): unknown {
  if (field instanceof HTMLInputElement && field.type === 'checkbox') return field.checked;
  const text = field.value.trim();
  if (text === '') return undefined;
  if (field.dataset.type === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function chosenItems(): string[] {
  const boxes = form.querySelectorAll<HTMLInputElement>('input[name="form.items"]:checked');
  return Array.from(boxes, (box) => box.value);
}

function showErrors(message: string, problems: FieldProblem[]): void {
  const unplaced: FieldProblem[] = [];
  for (const problem of problems) {
    const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(problem.field)}"]`);
    const emptyInside = slot ? [] : emptyFieldSlotsUnder(problem.field);
    if (slot) {
      markField(slot, problem.message);
    } else if (emptyInside.length > 0) {
      for (const inner of emptyInside) markField(inner, blankFieldMessage(inner));
    } else {
      unplaced.push(problem);
    }
  }

  const box = element('form-errors');
  const summary =
    problems.length > 0 ? `共 ${problems.length} 处需要修改，请按红色提示逐项修改。` : message;
  box.replaceChildren(paragraph(summary));
  if (unplaced.length > 0) {
    const list = document.createElement('ul');
    list.append(...unplaced.map((p) => listItem(p.message)));
    box.append(list);
  }
  box.hidden = false;
  box.scrollIntoView({ block: 'start' });
}

function markField(slot: HTMLElement, message: string): void {
  slot.textContent = slot.textContent ? `${slot.textContent}；${message}` : message;
  slot.previousElementSibling?.classList.add('invalid');
}

/** The error slots of the empty, shown fields inside a section the server says is missing. */
function emptyFieldSlotsUnder(path: string): HTMLElement[] {
  const slots = form.querySelectorAll<HTMLElement>(`[data-error-for^="${CSS.escape(path)}."]`);
  return Array.from(slots).filter((slot) => {
    const field = form.elements.namedItem(slot.dataset.errorFor!);
    return (
      (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) &&
      field.type !== 'checkbox' &&
      field.value.trim() === '' &&
      !field.closest('fieldset[hidden]')
    );
  });
}

function blankFieldMessage(slot: HTMLElement): string {
  const field = form.elements.namedItem(slot.dataset.errorFor!);
  return field instanceof HTMLSelectElement ? '请选择此项' : '请填写此项';
}

function clearErrors(): void {
  for (const slot of Array.from(form.querySelectorAll<HTMLElement>('[data-error-for]')))
    slot.textContent = '';
  for (const field of Array.from(form.querySelectorAll('.invalid')))
    field.classList.remove('invalid');
  element('form-errors').hidden = true;
}

function showReceipt(submission: Submission): void {
  const name = (form.elements.namedItem('form.applicant.name') as HTMLInputElement).value;
  element('receipt-number').textContent = submission.receiptNumber;
  element('receipt-applicant').textContent = name;
  element('receipt-date').textContent = new Date(submission.receivedAt).toLocaleDateString(
    'zh-CN',
    { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' },
  );
  element('receipt-items').replaceChildren(
    ...submission.items.map((item) => listItem(`${item.name}（${item.departmentName}）`)),
  );
  element('receipt-counter-name').textContent = submission.counter.name;
  element('receipt-counter-address').textContent = submission.counter.address;
  element('receipt-counter-hours').textContent = submission.counter.openingHours;
  element('receipt-counter-hotline').textContent = submission.counter.hotline;
  form.hidden = true;
  element('receipt').hidden = false;
}

function resetForNext(): void {
  form.reset();
  uploaded.clear();
  idempotencyKey = crypto.randomUUID();
  clearErrors();
  showChosenSections();
  element('receipt').hidden = true;
  form.hidden = false;
}

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

function listItem(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}
