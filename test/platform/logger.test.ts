import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.ts';

const idNumber = '370102199003070075';
const phone = '13611112222';

function capture(): { lines: () => string; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { lines: () => chunks.join(''), stream };
}

function loggerTo(stream: Writable) {
  return createLogger({}, stream);
}

describe('the logger', () => {
  it('masks personal fields of an application form', () => {
    // given a log line carrying a form
    const out = capture();
    const logger = loggerTo(out.stream);

    // when it is written
    logger.info(
      {
        form: { applicant: { name: '张三', idNumber, phone }, card: { mailingAddress: '济南市' } },
      },
      'form received',
    );

    // then none of the personal values is in it
    const line = out.lines();
    expect(line).not.toContain(idNumber);
    expect(line).not.toContain(phone);
    expect(line).not.toContain('张三');
    expect(line).not.toContain('济南市');
  });

  it('drops the statement values a database error echoes, keeping its name and message', () => {
    // given a database error carrying the failed statement's values
    const out = capture();
    const logger = loggerTo(out.stream);
    const error = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      params: [idNumber, phone],
      detail: `Key (phone)=(${phone}) already exists.`,
      address: '127.0.0.1',
    });

    // when it is logged
    logger.error({ err: error }, 'statement failed');

    // then the values are gone and the error still reads
    const line = out.lines();
    expect(line).not.toContain(idNumber);
    expect(line).not.toContain(phone);
    expect(JSON.parse(line).err).toMatchObject({
      type: 'Error',
      message: 'invalid byte sequence for encoding "UTF8": 0x00',
      address: '127.0.0.1',
    });
  });
});
