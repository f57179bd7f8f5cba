package diag

import "strings"

// Closest returns the candidate nearest to s by edit distance, or "" when
// none is near enough to be a plausible typo. Ties go to the earlier
// candidate, so the answer is stable for a stable candidate order.
func Closest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if strings.EqualFold(c, s) {
			return c // "KLM" for "klm" is a wrong case, not a typo
		}
	}
	for _, c := range candidates {
		d := distance(s, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	// A suggestion is useful when it is closer than a rewrite: allow about a
	// third of the longer word, and never as many edits as s has letters
	// ("fr" is not a typo of "en").
	limit := max(len(s), len(best))/3 + 1
	if bestDist < 0 || bestDist > limit || bestDist >= len([]rune(s)) {
		return ""
	}
	return best
}

// DidYouMean is Closest phrased for a message: `; did you mean "x"?` or "".
func DidYouMean(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" && c != s {
		return `; did you mean "` + c + `"?`
	}
	return ""
}

// distance is the optimal-string-alignment edit distance (Levenshtein plus
// transposition of two neighbours, the commonest typo).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
