package sqlitefile

import "testing"

// FuzzOpenAndRead feeds mutated databases and WALs to the reader: it must
// return rows or one of the package's errors, never panic or hang. With
// reseal set, the WAL's checksums are recomputed after mutation, so the
// fuzzer also reaches the frame logic behind them. The seeds (the fixtures)
// run as a normal test.
func FuzzOpenAndRead(f *testing.F) {
	for _, fx := range fixtureFiles(f) {
		f.Add(fx[0], fx[1], false)
		if len(fx[1]) > 0 {
			f.Add(fx[0], fx[1], true)
		}
	}
	db, leaf := walBase() // small inputs mutate faster
	f.Add(db, buildWAL(512, false, walFrameSpec{2, 2, leaf("v1")}, walFrameSpec{2, 0, leaf("v2")}), true)
	f.Fuzz(func(t *testing.T, db, wal []byte, reseal bool) {
		if reseal {
			wal = resealWAL(wal)
		}
		readEverything(t, db, wal)
	})
}
