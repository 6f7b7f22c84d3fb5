/**
 * Detection: Sigma rules over raw events. The public surface of the context; see README.md.
 *
 *   const { engine, errors } = await loadRuleSet({ ruleDirs: ['rules/'] });
 *   for (const match of engine.evaluate(event)) intake(sigmaMatchToParsedAlert(match, receivedAt));
 */
export { loadRuleSet, compileRuleSet } from './sigma/rule-set.ts';
export type { LoadRuleSetOptions, RuleSetOptions, RuleSetResult, RuleSetStats } from './sigma/rule-set.ts';
export type { SigmaEngine, EvaluateMeta } from './sigma/engine.ts';
export type { SigmaMatch, CorrelationDetails } from './sigma/match.ts';
export type { RuleInfo } from './sigma/compiled-rule.ts';
export type { LoadError, RuleSource } from './sigma/yaml-loader.ts';
export type { Logsource, Level } from './sigma/rule-model.ts';
export type { Placeholders } from './sigma/modifiers.ts';
export { windowsPipeline, loadPipelineFile, pipelineFromYaml, type Pipeline } from './sigma/pipeline.ts';
export { sigmaMatchToParsedAlert } from './alert-mapping.ts';
export { eventTime } from './event-time.ts';
export { readEventFile, readEventStream, type ReadRecord } from './event-reader.ts';
