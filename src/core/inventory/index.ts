export { buildInventory, compareInventoryModels, inventorySchema, isIsoDate, INVENTORY_TIERS, type Inventory, type InventoryInput, type InventoryModel, type InventoryTier, type LastCommit } from './inventory.ts';
export { csvField, formatInventory, INVENTORY_FORMATS, isInventoryFormat, ownerName, type InventoryFormat } from './render.ts';
export { AUDIT_CHECK_NAME, mergeAuditSchema, parseMergeAudit, type MergeAudit } from './audit.ts';
