/**
 * A FerretDB of the test's own, for tests that stop, restart or freeze their database, in a
 * temporary directory. `remove()` stops it and deletes the directory.
 */
export { launchTemporaryFerretDb as launchOwnFerretDb } from '@telepulse/devstack/temporary-ferretdb';
