package site

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// sameAsBuild asserts that every file Live serves is the file a full build
// of fsys writes, and that the two have the same files.
func sameAsBuild(t *testing.T, l *Live, fsys fstest.MapFS) {
	t.Helper()
	mem := buildMemory(t, fsys)
	want, got := mem.Paths(), l.Paths()
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Fatalf("live files differ from a build's:\nbuild: %d files\nlive:  %d files", len(want), len(got))
	}
	for _, p := range want {
		w, _ := mem.Get(p)
		g, ok := l.Get(p)
		if !ok || !bytes.Equal(w, g) {
			t.Errorf("%s differs from a full build", p)
		}
	}
}

func liveUpdate(t *testing.T, l *Live, want string, changed ...string) {
	t.Helper()
	st, diags, err := l.Update(context.Background(), changed)
	if err != nil || len(diags) > 0 {
		t.Fatalf("update %v: %v\n%s", changed, err, diagText(diags))
	}
	if st.How != want {
		t.Fatalf("update %v was %q, want %q", changed, st.How, want)
	}
}

// TestLiveMatchesBuild edits a site in every way the preview meets and
// checks, after each, that the pages Live renders on demand are byte for
// byte those of a full build — and that each edit took the cheapest path.
func TestLiveMatchesBuild(t *testing.T) {
	fsys := fixtureSite(t)
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	sameAsBuild(t, l, fsys)
	for _, p := range l.Paths() { // render everything once, so stale pages would show
		l.Get(p)
	}

	const entry = "content/incidents/2023/2023-01-fixture-takeover.md"
	edit := func(old, new string) {
		t.Helper()
		src := string(fsys[entry].Data)
		if !strings.Contains(src, old) {
			t.Fatalf("%s has no %q", entry, old)
		}
		fsys[entry] = &fstest.MapFile{Data: []byte(strings.Replace(src, old, new, 1))}
	}

	edit("Attackers logged in", "Attackers signed in")
	liveUpdate(t, l, "entry", entry)
	sameAsBuild(t, l, fsys)
	if b, _ := l.Get("incidents/2023-01-fixture-takeover/index.html"); !bytes.Contains(b, []byte("Attackers signed in")) {
		t.Error("the edited body is not on the page")
	}

	edit("title: Accounts overgenomen", "title: Accounts overgenomen (bijgewerkt)") // a source's title: still its own page only
	liveUpdate(t, l, "entry", entry)
	sameAsBuild(t, l, fsys)

	edit("title: Accounts taken over", "title: Accounts taken over at scale") // shown on lists, but places nothing
	liveUpdate(t, l, "entry", entry)
	sameAsBuild(t, l, fsys)

	edit("date: 2023-01\n", "date: 2023-01-20\n") // a new place on every timeline
	liveUpdate(t, l, "index", entry)
	sameAsBuild(t, l, fsys)

	edit("airlines: [klm, air-france]", "airlines: [klm, air-france, lufthansa]") // one airline's timeline more
	liveUpdate(t, l, "index", entry)
	sameAsBuild(t, l, fsys)

	liveUpdate(t, l, "nothing", entry) // saved again unchanged

	const added = "content/incidents/2023/2023-01-fixture-second.md"
	second := bytes.Replace(fsys[entry].Data, []byte("title: Accounts taken over at scale"), []byte("title: A second one"), 1)
	second = bytes.Replace(second, []byte("supplier: example-platform\n"), nil, 1) // two entries of a supplier want its own entry
	fsys[added] = &fstest.MapFile{Data: second}
	liveUpdate(t, l, "index", added)
	sameAsBuild(t, l, fsys)
	delete(fsys, added)
	liveUpdate(t, l, "index", added)
	sameAsBuild(t, l, fsys)

	// A broken entry changes nothing served.
	before, _ := l.Get("incidents/2023-01-fixture-takeover/index.html")
	good := fsys[entry].Data
	fsys[entry] = &fstest.MapFile{Data: bytes.Replace(good, []byte("vector: account-takeover"), []byte("vector: nonsense"), 1)}
	if _, diags, err := l.Update(context.Background(), []string{entry}); err != nil || len(diags) == 0 {
		t.Fatalf("a broken entry was accepted: %v", err)
	}
	if after, _ := l.Get("incidents/2023-01-fixture-takeover/index.html"); !bytes.Equal(before, after) {
		t.Error("a broken entry changed the page served")
	}
	fsys[entry] = &fstest.MapFile{Data: good}
	liveUpdate(t, l, "nothing", entry)
	sameAsBuild(t, l, fsys)

	fsys["layouts/404.html"] = &fstest.MapFile{Data: bytes.Replace(fsys["layouts/404.html"].Data, []byte("Page not found"), []byte("Nothing here"), 1)}
	liveUpdate(t, l, "layouts", "layouts/404.html")
	sameAsBuild(t, l, fsys)

	fsys["static/css/site.css"] = &fstest.MapFile{Data: append(bytes.Clone(fsys["static/css/site.css"].Data), "\n/* edited */\n"...)}
	liveUpdate(t, l, "static", "static/css/site.css")
	sameAsBuild(t, l, fsys)

	fsys["config.yaml"] = &fstest.MapFile{Data: bytes.Replace(fsys["config.yaml"].Data, []byte("title: "), []byte("title: Edited "), 1)}
	liveUpdate(t, l, "full", "config.yaml")
	sameAsBuild(t, l, fsys)
}

// TestLiveSourcingRules: serve reports a broken sourcing rule, of one entry
// or across entries, with its position, as check does (the overlay shows
// these diagnostics), and keeps the last good site.
func TestLiveSourcingRules(t *testing.T) {
	fsys := fixtureSite(t)
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	const entry = "content/incidents/2023/2023-01-fixture-takeover.md"
	good := fsys[entry].Data
	fsys[entry] = &fstest.MapFile{Data: bytes.Replace(good, []byte("      exposed: [name, email]"), []byte("      exposed: [name]"), 1)}
	_, diags, err := l.Update(context.Background(), []string{entry})
	if want := entry + ":13:19: data.exposed[1]: \"email\" is recorded as exposed"; err != nil || len(diags) != 1 || diags[0].Rule != "unsourced-data" || !strings.HasPrefix(diags[0].String(), want) {
		t.Errorf("an unsourced data field: %v\n%s\nwant one diagnostic starting %s", err, diagText(diags), want)
	}
	fsys[entry] = &fstest.MapFile{Data: good}
	liveUpdate(t, l, "nothing", entry)

	// A second entry of the takeover's breach at its supplier, at the
	// same time: a rule across entries (one breach is one entry).
	const added = "content/incidents/2023/2023-01-fixture-second.md"
	fsys[added] = &fstest.MapFile{Data: good}
	_, diags, err = l.Update(context.Background(), []string{added})
	if want := entry + ":33:11: supplier: 2023-01-fixture-takeover, like 2023-01-fixture-second, tells of a breach at example-platform"; err != nil || len(diags) != 1 || diags[0].Rule != "supplier-one-entry" || !strings.HasPrefix(diags[0].String(), want) {
		t.Errorf("two entries of one breach at a supplier: %v\n%s\nwant one diagnostic starting %s", err, diagText(diags), want)
	}
	delete(fsys, added)
	liveUpdate(t, l, "index", added)
	sameAsBuild(t, l, fsys)
}

// A file that is still broken keeps the site failing when another changes.
func TestLiveRemembersBrokenFiles(t *testing.T) {
	fsys := fixtureSite(t)
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	const a, b = "content/incidents/2023/2023-01-fixture-takeover.md", "content/incidents/2019/2019-12-09-fixture-mixup.md"
	good := fsys[a].Data
	fsys[a] = &fstest.MapFile{Data: bytes.Replace(good, []byte("vector: account-takeover"), []byte("vector: nonsense"), 1)}
	if _, diags, _ := l.Update(context.Background(), []string{a}); len(diags) == 0 {
		t.Fatal("broken entry accepted")
	}
	fsys[b] = &fstest.MapFile{Data: append(bytes.Clone(fsys[b].Data), "\nOne more line.\n"...)}
	if _, diags, _ := l.Update(context.Background(), []string{b}); len(diags) == 0 || !strings.Contains(diags[0].Pos.File, "takeover") {
		t.Fatalf("the site passed while %s is broken: %v", a, diags)
	}
	fsys[a] = &fstest.MapFile{Data: good}
	liveUpdate(t, l, "entry", a)
	sameAsBuild(t, l, fsys)
}

// Pages may be asked for while the site changes.
func TestLiveGetDuringUpdates(t *testing.T) {
	fsys := fixtureSite(t)
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	paths := l.Paths()
	const entry = "content/incidents/2023/2023-01-fixture-takeover.md"
	base := fsys[entry].Data
	done := make(chan bool)
	go func() {
		defer close(done)
		for i := range 20 {
			data := bytes.Replace(base, []byte("Attackers logged in"), []byte(strings.Repeat("x", i+1)), 1)
			fsys[entry] = &fstest.MapFile{Data: data}
			if _, diags, err := l.Update(context.Background(), []string{entry}); err != nil || len(diags) > 0 {
				t.Error(err, diags)
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		for _, p := range paths {
			if _, ok := l.Get(p); !ok {
				t.Fatalf("%s went missing", p)
			}
		}
	}
}

// TestLiveAbandonsSupersededUpdate: an update whose context ends (serve
// cancels it when a newer change arrives) changes nothing, and the next
// update takes up its changes with its own.
func TestLiveAbandonsSupersededUpdate(t *testing.T) {
	fsys := fixtureSite(t)
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	const a, b = "content/incidents/2023/2023-01-fixture-takeover.md", "content/incidents/2019/2019-12-09-fixture-mixup.md"
	redate := func(p string) {
		fsys[p] = &fstest.MapFile{Data: bytes.Replace(fsys[p].Data, []byte("date: 2019-12-09"), []byte("date: 2019-12"), 1)}
	}
	retitle := func(p, title string) {
		src := string(fsys[p].Data)
		i := strings.Index(src, "title: ")
		j := i + strings.Index(src[i:], "\n")
		fsys[p] = &fstest.MapFile{Data: []byte(src[:i] + "title: " + title + src[j:])}
	}
	page := func(id string) string {
		b, _ := l.Get("incidents/" + id + "/index.html")
		return string(b)
	}
	retitle(a, "First change")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // superseded before it began
	if _, _, err := l.Update(ctx, []string{a}); err == nil {
		t.Fatal("a cancelled update went through")
	}
	if strings.Contains(page("2023-01-fixture-takeover"), "First change") {
		t.Fatal("a cancelled update changed the site")
	}
	retitle(b, "Second change")
	redate(b)
	liveUpdate(t, l, "index", b)
	if !strings.Contains(page("2023-01-fixture-takeover"), "First change") || !strings.Contains(page("2019-12-09-fixture-mixup"), "Second change") {
		t.Error("the update after a cancelled one did not take up its changes")
	}
	sameAsBuild(t, l, fsys)
}

// TestLiveNeverStale: whatever a layout shows of an incident, an edit of it
// shows on every page, lists and all. The preview used to keep a hand copy
// of what the layouts show of an entry (placeKey), so a list item changed
// to show, say, the first source's publisher kept the old one after the
// publisher was edited.
func TestLiveNeverStale(t *testing.T) {
	fsys := fixtureSite(t)
	partials := string(fsys["layouts/_partials.html"].Data)
	const item = `{{define "incident-item"}}`
	if !strings.Contains(partials, item) {
		t.Fatal("the layouts have no incident-item")
	}
	partials = strings.Replace(partials, item, item+`<span class="publisher">{{(index .Sources 0).Publisher}}</span>`, 1)
	// On the timeline of an airline that gave a notice, the item is the notice's.
	const noticeItem = `{{define "incident-item-notice"}}`
	partials = strings.Replace(partials, noticeItem, noticeItem+`<span class="publisher">{{(index .Incident.Sources 0).Publisher}}</span>`, 1)
	fsys["layouts/_partials.html"] = &fstest.MapFile{Data: []byte(partials)}
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	for _, p := range l.Paths() {
		l.Get(p) // everything rendered once, so a stale page would show
	}
	const entry = "content/incidents/2023/2023-01-fixture-takeover.md"
	src := string(fsys[entry].Data)
	i := strings.Index(src, "publisher: ")
	j := i + strings.Index(src[i:], "\n")
	old := src[i+len("publisher: ") : j]
	fsys[entry] = &fstest.MapFile{Data: []byte(src[:i] + "publisher: Renamed Publisher" + src[j:])}
	liveUpdate(t, l, "entry", entry)
	for _, p := range []string{"index.html", "airlines/klm/index.html", "programmes/flying-blue/index.html", "years/2023/index.html"} {
		b, _ := l.Get(p)
		if !bytes.Contains(b, []byte(`<span class="publisher">Renamed Publisher</span>`)) || bytes.Contains(b, []byte(`<span class="publisher">`+old+`</span>`)) {
			t.Errorf("%s still shows the old publisher in the list", p)
		}
	}
	sameAsBuild(t, l, fsys)
}
