// The dataset reader lives with the tests (type-checked there); the bench scripts share it.
export * from '../../tests/unit/main/lookup/engine/dataset'
