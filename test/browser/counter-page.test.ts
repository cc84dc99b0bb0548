import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { cardPhoto } from '../../server/materials/sample-images.ts';
import { databaseTargets } from '../support/databases.ts';
import {
  referenceData,
  startTestServer,
  type TestServer,
} from '../server/support/server-harness.ts';

/**
 * The counter page (一窗受理) in Debian's Chromium: a clerk fills the form, sees a field's
 * error next to it, fixes it, submits and sees the printable receipt.
 */
describe('the counter page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer(databaseTargets[0]!);
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    await page.goto(`${url}/counter/`);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('marks each required field of an empty form and never shows a raw field path', async () => {
    // given a clerk on a fresh counter page who chose the card but filled in nothing
    const empty = await browser.newPage();
    await empty.goto(`${url}/counter/`);
    await empty.waitForSelector('body[data-ready="true"]');
    await empty.fill('#clerk-token', 'dev-clerk');
    await empty.check('input[name="form.items"][value="social-security-card"]');
    await empty.check('input[name="form.items"][value="archive-transfer"]');

    // when the empty form is submitted
    await empty.click('#submit');

    // then the applicant's and the card's required fields are marked next to each field
    const nameError = empty.locator('[data-error-for="form.applicant.name"]');
    await expect.poll(() => nameError.textContent()).toMatch(/请填写姓名/);
    expect(await empty.textContent('[data-error-for="form.applicant.idNumber"]')).toMatch(
      /证件号码/,
    );
    expect(await empty.textContent('[data-error-for="form.card.bankCode"]')).toBe('请选择发卡银行');
    expect(await empty.locator('label.invalid').count()).toBeGreaterThan(3);

    // and the fields inside a nested group reported as a whole are marked one by one
    expect(
      await empty.textContent('[data-error-for="form.archive.receivingInstitution.name"]'),
    ).toBe('请填写此项');

    // and no dotted field path shows anywhere on the page
    expect(await empty.locator('body').innerText()).not.toMatch(/\b(form|materials)\.\w/);
    await empty.close();
  });

  it('leaves the county code empty with an example when a city is chosen', async () => {
    // given a fresh counter page
    const fresh = await browser.newPage();
    await fresh.goto(`${url}/counter/`);
    await fresh.waitForSelector('body[data-ready="true"]');

    // when a city is chosen
    await fresh.selectOption('#city', '370100');

    // then no partial code is pre-filled, only an example is offered
    const division = fresh.locator('[name="form.applicant.divisionCode"]');
    expect(await division.inputValue()).toBe('');
    expect(await division.getAttribute('placeholder')).toBe('例如 370102');
    await fresh.close();
  });

  it('shows a field error, accepts the fixed form and shows the receipt', async () => {
    // given a clerk entering a Jinan applicant for pension enrollment and the card
    const form = sampleApplicationForm(referenceData, {
      items: ['pension-enrollment', 'social-security-card'],
    });
    const { applicant } = form;
    await page.fill('#clerk-token', 'dev-clerk');
    await page.check('input[name="form.items"][value="pension-enrollment"]');
    await page.check('input[name="form.items"][value="social-security-card"]');
    await page.fill('[name="form.applicant.name"]', applicant.name);
    await page.selectOption('[name="form.applicant.sex"]', applicant.sex);
    await page.selectOption('[name="form.applicant.idType"]', applicant.idType);
    await page.fill('[name="form.applicant.idNumber"]', applicant.idNumber);
    await page.selectOption('[name="form.applicant.ethnicGroup"]', applicant.ethnicGroup);
    await page.fill('[name="form.applicant.phone"]', '12345');
    await page.selectOption('#city', '370100');
    await page.fill('[name="form.applicant.divisionCode"]', applicant.divisionCode);
    await page.fill('[name="form.applicant.insuranceStartMonth"]', applicant.insuranceStartMonth);
    await page.selectOption('[name="form.card.bankCode"]', form.card!.bankCode);
    await page.check('[name="form.card.mailCard"]');
    await page.fill('[name="form.card.mailingAddress"]', form.card!.mailingAddress!);
    await page.setInputFiles('#photo', {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: cardPhoto(),
    });

    // when it is submitted with a wrong phone number
    await page.click('#submit');

    // then the phone's error shows next to it, in Chinese, and no receipt
    const phoneError = page.locator('[data-error-for="form.applicant.phone"]');
    await expect.poll(() => phoneError.textContent()).toMatch(/手机号码/);
    expect(await page.isVisible('#receipt')).toBe(false);

    // when the phone is fixed and the form submitted again
    await page.fill('[name="form.applicant.phone"]', applicant.phone);
    await page.click('#submit');

    // then the receipt shows the number, the items, the date and Jinan's window
    await page.waitForSelector('#receipt:not([hidden])');
    expect(await page.textContent('#receipt-number')).toMatch(/^370100-\d{8}-\d{5}$/);
    expect(await page.textContent('#receipt-items')).toContain('社会保障卡（含电子社保卡）申领');
    expect(await page.textContent('#receipt-date')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(await page.textContent('#receipt-counter-address')).toContain('济南');
    expect(await page.textContent('#receipt-counter-hours')).toMatch(/\d/);
    expect(await page.isVisible('#application-form')).toBe(false);
    expect(server.instances.created).toHaveLength(1);
  });
});
