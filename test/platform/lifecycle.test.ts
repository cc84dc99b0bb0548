import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSignalHandler, type Component } from '../../platform/lifecycle.ts';

const logger = pino({ level: 'silent' });

function recordingComponents(stopped: string[]): Component[] {
  return ['database', 'engine', 'server'].map((name) => ({
    name,
    stop: async () => {
      stopped.push(name);
    },
  }));
}

describe('stopping on a signal', () => {
  it('stops every component once, in reverse order, when Ctrl-C arrives relayed three times', async () => {
    // given a running service
    const stopped: string[] = [];
    const exits: number[] = [];
    let clock = 1_000;
    const onSignal = createSignalHandler(recordingComponents(stopped), logger, {
      exit: (code) => exits.push(code),
      now: () => clock,
    });

    // when the same Ctrl-C arrives from the terminal, npm and tsx within milliseconds
    const first = onSignal('SIGINT');
    clock += 30;
    await onSignal('SIGINT');
    clock += 30;
    await onSignal('SIGINT');
    await first;

    // then everything stopped once and nothing forced the exit
    expect(stopped).toEqual(['server', 'engine', 'database']);
    expect(exits).toEqual([]);
  });

  it('exits at once when the user presses Ctrl-C again while stopping', async () => {
    // given a stop that hangs
    const exits: number[] = [];
    let clock = 1_000;
    const hanging: Component = { name: 'stuck', stop: () => new Promise(() => {}) };
    const onSignal = createSignalHandler([hanging], logger, {
      exit: (code) => exits.push(code),
      now: () => clock,
    });
    void onSignal('SIGINT');

    // when a second Ctrl-C comes seconds later
    clock += 5_000;
    await onSignal('SIGINT');

    // then the process exits with 130
    expect(exits).toEqual([130]);
  });
});
