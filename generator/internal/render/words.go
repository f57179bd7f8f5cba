package render

import (
	"unicode"
	"unicode/utf8"
)

// wordSet gathers the distinct words of one incident's texts before they
// go into the index: a body repeats most of its words, and a table of its
// own — the words' bytes in one buffer, found by a hash made while the
// word is read — costs less a repeat than the index's map, which then sees
// each word once an incident (the 10,000 bodies of the heavy corpus have
// ~550 words each, ~90 distinct).
type wordSet struct {
	slots []uint32   // open addressing: an index into words plus one, or 0
	words []wordSpan // the distinct words, in order of appearance
	text  []byte     // their bytes
}

type wordSpan struct {
	hash     uint32
	off, end uint32
}

// maxWord is the longest word kept, in bytes: longer runs of letters are
// not words anyone searches for.
const maxWord = 64

// add puts the words of text in the set: lower case, letters and digits,
// two characters or more. With markdown, a link's target ("](https://…)")
// is no words of the text.
func addText[T string | []byte](s *wordSet, text T, markdown bool) {
	var buf [maxWord + utf8.UTFMax]byte
	w := buf[:0]
	runes := 0
	h := uint32(2166136261) // FNV-1a, as the word is read
	flush := func() {
		if runes >= 2 && len(w) <= maxWord {
			s.put(w, h)
		}
		w, runes, h = w[:0], 0, 2166136261
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			c = asciiWord[c]
			if c == 0 { // not a letter or digit
				if runes != 0 {
					flush()
				}
				if markdown && text[i] == ']' && i+1 < len(text) && text[i+1] == '(' {
					for i += 2; i < len(text) && text[i] != ')'; i++ {
					}
					continue
				}
				i++
				continue
			}
			if len(w) < len(buf) {
				w = append(w, c)
			} else {
				runes = -maxWord // too long: never kept
			}
			h = (h ^ uint32(c)) * 16777619
			runes++
			i++
			continue
		}
		r, size := decodeRune(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		n := len(w)
		if n+utf8.UTFMax <= len(buf) {
			w = utf8.AppendRune(w, unicode.ToLower(r))
		} else {
			runes = -maxWord
		}
		for _, b := range w[n:] {
			h = (h ^ uint32(b)) * 16777619
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

// put adds the word w, of hash h, unless the set has it.
func (s *wordSet) put(w []byte, h uint32) {
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
func (s *wordSet) into(m map[string][]int32, pos int32) {
	for _, e := range s.words {
		w := s.text[e.off:e.end]
		if l, ok := m[string(w)]; ok {
			if l[len(l)-1] != pos {
				m[string(w)] = append(l, pos)
			}
		} else {
			m[string(w)] = []int32{pos}
		}
	}
	clear(s.slots)
	s.words, s.text = s.words[:0], s.text[:0]
}
