"""The Excel exchange: the exchange workbook (export), its three-way merge
(import), foreign rosters, rejection reports, batches with undo."""
