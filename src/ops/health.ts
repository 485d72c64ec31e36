// Liveness (the process answers) and readiness (the database answers, within the timeout) for
// load balancers and Kubernetes probes.
import { UnavailableError } from '../errors/domain-errors.ts';
import type { HealthRepository } from './health-repository.ts';

export class HealthService {
  constructor(private readonly repository: HealthRepository) {}

  /** Resolves when the database answered; throws `service.unavailable` when it did not. */
  async ready(): Promise<void> {
    try {
      await this.repository.ping();
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      const unavailable = new UnavailableError('service.unavailable');
      (unavailable as { cause?: unknown }).cause = error;
      throw unavailable;
    }
  }
}
