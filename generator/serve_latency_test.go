package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"breachline/generator/internal/synth"
)

// TestServeLatency measures how long an edit takes to show: from the file
// write to the server's reload event (read by a client here), and from the
// write to the new text on screen in headless Chromium (noted by the page
// itself, on the same clock). It edits one entry several times. It is a
// measurement, run on request:
//
//	BREACHLINE_LATENCY=repo  go test ./generator -run TestServeLatency -v   # this repository's content
//	BREACHLINE_LATENCY=10000 go test ./generator -run TestServeLatency -v   # a synthetic site of 10,000 entries
//
// BREACHLINE_LATENCY_KIND says what is edited: body (a word of it, as a
// typo fix does; the default), title (which lists show too), date or
// airline (both move the entry in the index; the title is marked as well,
// to see the edit on screen). It fails when a median misses the targets:
// on screen 50 ms for a body edit of the repository's content and 150 ms
// for every edit of a synthetic site; 50 ms to the event for body edits.
// The site is a copy in a temporary folder; nothing of the repository is
// touched.
func TestServeLatency(t *testing.T) {
	what := os.Getenv("BREACHLINE_LATENCY")
	if what == "" {
		t.Skip("a measurement: set BREACHLINE_LATENCY=repo or a number of entries")
	}
	kind := cmp.Or(os.Getenv("BREACHLINE_LATENCY_KIND"), "body")
	if !slices.Contains([]string{"body", "title", "date", "airline"}, kind) {
		t.Fatalf("BREACHLINE_LATENCY_KIND=%q: want body, title, date or airline", kind)
	}
	titles := kind != "body"
	edits := 15
	if n, err := strconv.Atoi(os.Getenv("BREACHLINE_LATENCY_EDITS")); err == nil && n > 0 {
		edits = n
	}
	exe := chromium(t)
	root := filepath.Join(t.TempDir(), "site")
	screenTarget := 150 * time.Millisecond
	if what == "repo" {
		screenTarget = 50 * time.Millisecond
		copyTree(t, "../content", filepath.Join(root, "content"))
		data, err := os.ReadFile("../config.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "config.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		n, err := strconv.Atoi(what)
		if err != nil || n < 1 {
			t.Fatalf("BREACHLINE_LATENCY=%q: want repo or a number of entries", what)
		}
		if err := synth.Write(root, n, 1); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, "../layouts", filepath.Join(root, "layouts"))
	copyTree(t, "../static", filepath.Join(root, "static"))

	// The entry to edit: the last file in content/, and a sentence of its body.
	var entry string
	filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			entry = p
		}
		return nil
	})
	original, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := bytes.Cut(original[3:], []byte("\n---\n"))
	word := firstWord(body)
	if word == "" {
		t.Fatalf("%s has no body to edit", entry)
	}
	id := strings.TrimSuffix(filepath.Base(entry), ".md")

	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan int)
	started := time.Now()
	go func() {
		done <- run(ctx, &env{stdout: out, stderr: out}, []string{"serve", "--root", root, "--addr", addr})
	}()
	defer func() {
		cancel()
		<-done
	}()
	base := "http://" + addr
	waitServing(t, base, 5*time.Minute, out)
	t.Logf("%s: serving after %v", what, time.Since(started).Round(time.Millisecond))

	// The server's events, read as a browser would.
	resp, err := http.Get(base + "/__breachline/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	reloads := make(chan time.Time, 100)
	go func() {
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if strings.HasPrefix(line, "event: reload") {
				reloads <- time.Now()
			}
		}
	}()

	bctx := browser(t, exe)
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/incidents/"+id+"/")); err != nil {
		t.Fatal(err)
	}

	var server, screen []time.Duration
	for i := range edits {
		marker := fmt.Sprintf("Edited%03d", i)
		where := ".body"
		if titles {
			where = "h1"
		}
		watch := fmt.Sprintf(`(function(){window.__seen=0;var m=%q;var check=function(){var b=document.querySelector(%q);if(!window.__seen&&b&&b.textContent.indexOf(m)>=0)window.__seen=Date.now()};new MutationObserver(check).observe(document.documentElement,{childList:true,subtree:true,characterData:true});return true})()`, marker, where)
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](watch)); err != nil {
			t.Fatal(err)
		}
		for len(reloads) > 0 {
			<-reloads
		}
		head := original[:len(original)-len(body)]
		edited := append(slices.Clone(head), bytes.Replace(body, []byte(word), []byte(marker), 1)...)
		if titles {
			edited = replaceTitle(original, marker+" a title edited by the latency test")
		}
		switch kind {
		case "date": // a year earlier or two, disclosed still on the id's date
			edited = moveDate(t, edited, id, 1+i%2)
		case "airline": // a second airline, and back
			if i%2 == 0 {
				edited = addAirline(t, edited, otherAirline(t, root))
			}
		}
		wrote := time.Now()
		if err := os.WriteFile(entry, edited, 0o644); err != nil {
			t.Fatal(err)
		}
		select {
		case at := <-reloads:
			server = append(server, at.Sub(wrote))
		case <-time.After(30 * time.Second):
			t.Fatalf("no reload event within 30 s:\n%s", out.String())
		}
		var seen float64
		for deadline := time.Now().Add(30 * time.Second); seen == 0; {
			if time.Now().After(deadline) {
				t.Fatalf("edit %d never showed", i)
			}
			time.Sleep(5 * time.Millisecond)
			seen, _ = chromedp.Run(bctx, chromedp.Evaluate[float64](`window.__seen`))
		}
		screen = append(screen, time.UnixMilli(int64(seen)).Sub(wrote))
		time.Sleep(100 * time.Millisecond) // let the page settle, as between keystrokes and saves
	}
	ms, ss := summary(server), summary(screen)
	t.Logf("%s: %d %s edits of %s", what, edits, kind, filepath.Base(entry))
	t.Logf("write → reload event:    %s", ms)
	t.Logf("write → text on screen:  %s", ss)
	if kind == "body" {
		if m := median(server); m > 50*time.Millisecond {
			t.Errorf("median write → reload event %v, want ≤ 50 ms", m)
		}
	} else if what == "repo" {
		return // no target for these on the repository's content
	}
	if m := median(screen); m > screenTarget {
		t.Errorf("median write → text on screen %v, want ≤ %v", m, screenTarget)
	}
}

// moveDate sets an entry's date years earlier than its id's, and its
// disclosure on the id's date, so the id stays valid and the entry moves on
// every timeline.
func moveDate(t *testing.T, entry []byte, id string, years int) []byte {
	t.Helper()
	y, err := strconv.Atoi(id[:4])
	if err != nil {
		t.Fatalf("id %q", id)
	}
	day := id[:10]
	if _, err := time.Parse("2006-01-02", day); err != nil {
		day = id[:4]
	}
	var out [][]byte
	for _, l := range bytes.SplitAfter(entry, []byte("\n")) {
		switch {
		case bytes.HasPrefix(l, []byte("date:")):
			l = []byte(fmt.Sprintf("date: %d\ndisclosed: %s\n", y-years, day))
		case bytes.HasPrefix(l, []byte("disclosed:")):
			continue
		}
		out = append(out, l)
	}
	return bytes.Join(out, nil)
}

// addAirline adds an airline to an entry's list.
func addAirline(t *testing.T, entry []byte, key string) []byte {
	t.Helper()
	i := bytes.Index(entry, []byte("\nairlines: ["))
	if i < 0 {
		t.Fatal("the entry has no one-line airlines list")
	}
	j := i + len("\nairlines: [")
	return append(append(slices.Clone(entry[:j]), key+", "...), entry[j:]...)
}

// otherAirline is an airline of the site's config that the edited entry is
// not likely to name: the last one.
func otherAirline(t *testing.T, root string) string {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(root, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := bytes.Cut(cfg, []byte("\nairlines:\n"))
	last := ""
	for _, l := range bytes.Split(rest, []byte("\n")) {
		if len(l) > 2 && l[0] == ' ' && l[1] == ' ' && l[2] != ' ' {
			last = strings.TrimSuffix(strings.TrimSpace(string(l)), ":")
		} else if len(l) > 0 && l[0] != ' ' {
			break
		}
	}
	if last == "" {
		t.Fatal("no airlines in config.yaml")
	}
	return last
}

// replaceTitle gives the entry a new, plain title, whatever quoting the
// old one used.
func replaceTitle(entry []byte, title string) []byte {
	lines := bytes.SplitAfter(entry, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte("title:")) {
			lines[i] = []byte("title: " + title + "\n")
			break
		}
	}
	return bytes.Join(lines, nil)
}

func firstWord(body []byte) string {
	for _, f := range strings.Fields(string(body)) {
		if len(f) >= 6 && strings.Trim(f, "abcdefghijklmnopqrstuvwxyz") == "" {
			return f
		}
	}
	return ""
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func summary(ds []time.Duration) string {
	return fmt.Sprintf("median %v (min %v, max %v)", median(ds).Round(100*time.Microsecond),
		slices.Min(ds).Round(100*time.Microsecond), slices.Max(ds).Round(100*time.Microsecond))
}
