/** Thrown when a metrics function is given input no run can produce (a NaN return, a negative count). */
export class MetricsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsInputError';
  }
}
