export { buildInventory, compareInventoryModels, inventorySchema, isIsoDate, INVENTORY_TIERS, type Inventory, type InventoryInput, type InventoryModel, type InventoryTier, type LastCommit } from './inventory.ts';
export { csvField, formatInventory, INVENTORY_FORMATS, isInventoryFormat, ownerName, type InventoryFormat } from './render.ts';
export { AUDIT_CHECK_NAME, mergeAuditSchema, parseMergeAudit, type MergeAudit } from './audit.ts';
export { INVENTORY_ISSUE_TITLE, INVENTORY_MARKER, inventoryDataOf, MAX_ISSUE_BODY, ORG_INVENTORY_MARKER, orgIssueBody, repositoryIssueBody, type InventoryData, type OrgInventoryEntry } from './issue.ts';
