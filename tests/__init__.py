"""The test suite. tests/<package>/ mirrors the source tree (tests/bot/ tests bot/, and so on);
shared fixtures are in conftest.py, shared helpers and test data builders in tests/auxil/, the
reader's expected output in tests/expected/ and sample documents in tests/fixtures/.
test_architecture.py checks the layers beyond what ``lint-imports`` can."""
