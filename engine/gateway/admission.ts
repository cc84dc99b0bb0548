/**
 * Back-pressure at the gateway: a bound on commands in flight. A command that would pass
 * the bound is refused at once with `RESOURCE_EXHAUSTED`, which Zeebe clients (the SDK
 * included) retry with back-off. As in Zeebe, commands that settle jobs (`CompleteJob`,
 * `FailJob`) are always admitted, so work already handed out can finish and relieve the load.
 */
import { GatewayError } from './gateway-errors.ts';

export class CommandAdmission {
  private inFlight = 0;

  constructor(readonly maxInFlight: number) {}

  /** Commands admitted and not yet answered. */
  get size(): number {
    return this.inFlight;
  }

  /**
   * Runs `command` if there is room, counting it until it settles; otherwise throws
   * `GATEWAY_OVERLOADED`. `exempt` commands run and count regardless of the bound.
   */
  async run<T>(rpc: string, command: () => Promise<T>, exempt = false): Promise<T> {
    if (!exempt && this.inFlight >= this.maxInFlight) {
      throw new GatewayError(
        'GATEWAY_OVERLOADED',
        `${rpc} refused: the engine already has ${this.inFlight} commands in flight (limit ${this.maxInFlight}); retry with back-off`,
      );
    }

    this.inFlight++;
    try {
      return await command();
    } finally {
      this.inFlight--;
    }
  }
}
