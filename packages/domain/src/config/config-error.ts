/** One problem found in a config: where (YAML path such as `pms[1].strategies[0].params.fast`) and what. */
export interface ConfigIssue {
  /** snake_case YAML keys and `[i]` indices; empty for problems with the document itself (YAML syntax). */
  readonly path: string;
  readonly message: string;
  /** 1-based position in the YAML text, when known (syntax errors). */
  readonly line?: number;
  readonly column?: number;
}

/** One issue as a line of text, `path: problem` (or just the problem when it has no path); pure. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/**
 * Thrown by `parseConfig` when a config is invalid. It carries every problem found, not just the
 * first, so that a user fixes a file in one pass; the message lists each on its own line.
 */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  readonly sourcePath: string | undefined;

  constructor(issues: readonly ConfigIssue[], sourcePath?: string) {
    const where = sourcePath ? ` ${sourcePath}` : '';
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super([`invalid config${where} (${count}):`, ...issues.map(formatConfigIssue)].join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
    this.sourcePath = sourcePath;
  }
}
