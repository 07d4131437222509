export { RULE_REASON, addsExposure, checkCompliance, excludingFindings, type AccountView, type ComplianceFinding, type ComplianceOrder, type ComplianceRule } from './check-compliance.js';
export { eligibleAccounts, splitAccounts } from './eligible-accounts.js';
export { accountRules, ineffectiveRule, ruleInheritanceIssues } from './inheritance.js';
export { checkChildOrders, recordOf, type ChildCheckContext, type ChildToCheck, type ComplianceRecord } from './check-child-orders.js';
