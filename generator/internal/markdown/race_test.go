//go:build race

package markdown

// raceEnabled: the race detector makes chroma some twenty times slower.
const raceEnabled = true
