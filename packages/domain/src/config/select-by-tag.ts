import { D, decText } from '../money/decimal.js';
import { ConfigError } from './config-error.js';
import type { AtriumConfig } from './types.js';

/**
 * The config of a run limited to the PMs tagged `tag` (`atrium backtest … --tag`): the firm
 * becomes those PMs alone, so its capital is the sum of their capitals (firm limits in % apply
 * to that; absolute limits stay as written) and allocation weighs only them. Data, instruments,
 * execution and firm rules are unchanged. Throws ConfigError when no PM has the tag; pure.
 */
export function selectPmsByTag(config: AtriumConfig, tag: string): AtriumConfig {
  const pms = config.pms.filter((pm) => pm.meta.tags.includes(tag));
  if (pms.length === 0) {
    const known = [...new Set(config.pms.flatMap((pm) => pm.meta.tags))].sort();
    throw new ConfigError([{ path: '', message: `--tag ${tag}: no PM has this tag (PM tags in this config: ${known.join(', ') || 'none'})` }], config.sourcePath);
  }
  const capital = decText(pms.reduce((s, pm) => s.plus(pm.capital), new D(0)));
  return Object.freeze({ ...config, firm: Object.freeze({ ...config.firm, capital }), pms: Object.freeze(pms) });
}
