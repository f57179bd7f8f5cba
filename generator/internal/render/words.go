package render

import (
	"hash/maphash"
	"unicode"
	"unicode/utf8"
)

// wordSet gathers the distinct words of one incident's texts before they
// go into the index: a body repeats most of its words, and a table of its
// own — the words' bytes in one buffer, found by a hash of each — costs
// less a repeat than the index's map, which then sees
// each word once an incident (the 10,000 bodies of the heavy corpus have
// ~550 words each, ~90 distinct).
type wordSet struct {
	slots []uint32   // open addressing: an index into words plus one, or 0
	words []wordSpan // the distinct words, in order of appearance
	text  []byte     // their bytes
}

// wordSeed seeds the sets' hash: where a word lands in a set's table is
// never seen outside it (a set gives its words in order of appearance).
var wordSeed = maphash.MakeSeed()

type wordSpan struct {
	hash     uint32
	off, end uint32
}

// maxWord is the longest word kept, in bytes: longer runs of letters are
// not words anyone searches for.
const maxWord = 64

// add puts the words of text in the set: lower case, letters and digits,
// two characters or more. With markdown, a link's target ("](https://…)")
// is no words of the text. A run of ASCII letters and digits is copied in
// one loop; the word is hashed once whole, when it ends (put).
func addText[T string | []byte](s *wordSet, text T, markdown bool) {
	var buf [maxWord + utf8.UTFMax]byte
	n := 0        // bytes of the word in buf
	runes := 0    // its characters
	long := false // it is longer than buf: never kept
	flush := func() {
		if runes >= 2 && n <= maxWord && !long {
			s.put(buf[:n])
		}
		n, runes, long = 0, 0, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] == 0 { // not a letter or digit
				if n != 0 || long {
					flush()
				}
				if markdown && c == ']' && i+1 < len(text) && text[i+1] == '(' {
					for i += 2; i < len(text) && text[i] != ')'; i++ {
					}
					continue
				}
				i++
				continue
			}
			j := i
			for j < len(text) && text[j] < utf8.RuneSelf && asciiWord[text[j]] != 0 {
				if n < len(buf) {
					buf[n] = asciiWord[text[j]]
					n++
				} else {
					long = true
				}
				j++
			}
			runes += j - i
			i = j
			continue
		}
		r, size := decodeRune(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if n+utf8.UTFMax <= len(buf) {
			n = len(utf8.AppendRune(buf[:n], unicode.ToLower(r)))
		} else {
			long = true
		}
		runes++
	}
	flush()
}

// asciiWord is, for each ASCII byte, the byte a word has for it (letters
// in lower case, digits), or 0 where a word ends.
var asciiWord = func() (t [utf8.RuneSelf]byte) {
	for c := byte('a'); c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = c, c
	}
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	return t
}()

// put adds the word w unless the set has it.
func (s *wordSet) put(w []byte) {
	h := uint32(maphash.Bytes(wordSeed, w))
	if len(s.slots) == 0 {
		s.slots = make([]uint32, 256)
	}
	mask := uint32(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		k := s.slots[i]
		if k == 0 {
			s.words = append(s.words, wordSpan{h, uint32(len(s.text)), uint32(len(s.text) + len(w))})
			s.text = append(s.text, w...)
			s.slots[i] = uint32(len(s.words))
			if 2*len(s.words) > len(s.slots) {
				s.grow()
			}
			return
		}
		if e := s.words[k-1]; e.hash == h && string(s.text[e.off:e.end]) == string(w) {
			return
		}
	}
}

func (s *wordSet) grow() {
	s.slots = make([]uint32, 2*len(s.slots))
	mask := uint32(len(s.slots) - 1)
	for k, e := range s.words {
		i := e.hash & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = uint32(k + 1)
	}
}

// into adds incident pos to the list of each word of the set in m, and
// empties the set for the next incident. Incidents come in ascending
// order, so a list stays ascending.
func (s *wordSet) into(m *postings, pos int32) {
	for _, e := range s.words {
		m.add(s.text[e.off:e.end], pos)
	}
	clear(s.slots)
	s.words, s.text = s.words[:0], s.text[:0]
}

// postings are, for each word, the places of the incidents it is in, in
// the order added. A word is looked up once an incident (a map of lists
// would be looked up again to store the list appended to).
type postings struct {
	at    map[string]int32 // word → its list in lists
	lists [][]int32
}

func newPostings() *postings { return &postings{at: map[string]int32{}} }

func (m *postings) add(w []byte, pos int32) {
	i, ok := m.at[string(w)]
	if !ok {
		m.at[string(w)] = int32(len(m.lists))
		m.lists = append(m.lists, []int32{pos})
		return
	}
	if l := m.lists[i]; l[len(l)-1] != pos {
		m.lists[i] = append(l, pos)
	}
}

// words is the postings as a map of word → list.
func (m *postings) words() map[string][]int32 {
	out := make(map[string][]int32, len(m.at))
	for w, i := range m.at {
		out[w] = m.lists[i]
	}
	return out
}
