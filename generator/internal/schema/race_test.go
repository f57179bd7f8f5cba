//go:build race

package schema

// raceEnabled: under the race detector sync.Pool drops what it is given
// at random, so a parse cannot count on the space the last one gave back.
const raceEnabled = true
