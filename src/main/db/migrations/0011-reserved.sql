-- Number 11 belongs to another change of this release (camera stream credentials); this
-- placeholder only keeps the numbering contiguous until both are in one tree.
SELECT 1;
