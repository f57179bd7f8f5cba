package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeFaults runs serve on a copy of the fixture site and meets it with
// what happens on a contributor's laptop: a file saved half-written, a
// config.yaml that turns invalid, a layout deleted, and a thousand file
// events in one second. Each fault shows its problem and keeps the last
// good page served; each repair brings the site back.
func TestServeFaults(t *testing.T) {
	root, addr, out := serveFixture(t)
	entry := filepath.Join(root, "content/incidents/2023/2023-01-fixture-takeover.md")
	config, layout := filepath.Join(root, "config.yaml"), filepath.Join(root, "layouts/incident.html")
	original, _ := os.ReadFile(entry)
	goodConfig, _ := os.ReadFile(config)
	goodLayout, _ := os.ReadFile(layout)
	base := "http://" + addr
	page := base + "/incidents/2023-01-fixture-takeover/"
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// problems asks the server, as a freshly loaded page would, what is wrong.
	problems := func() string {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/__breachline/events", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "unreachable: " + err.Error()
		}
		defer resp.Body.Close()
		var got strings.Builder
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: problems") && sc.Scan() {
				got.WriteString(sc.Text())
			}
		}
		return got.String()
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waited 30 s for %s; problems: %s", what, problems())
			}
		}
	}
	shows := func(text string) func() bool {
		return func() bool { code, body := get(page); return code == 200 && strings.Contains(body, text) }
	}
	write := func(p string, data []byte) {
		t.Helper()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// fault breaks the site, waits for the problem to show, and checks that
	// the last good page is still served.
	fault := func(what, file string, do func()) {
		t.Helper()
		do()
		waitFor(what+" to be reported", func() bool { return strings.Contains(problems(), file) })
		t.Logf("%s: %.200s", what, problems())
		if code, body := get(page); code != 200 || !strings.Contains(body, "Attackers") {
			t.Errorf("after %s the page is %d:\n%.300s", what, code, body)
		}
	}
	healthy := func() bool { return problems() == "" }

	waitFor("the first build", shows("Attackers logged in"))

	fault("a half-written entry", "2023-01-fixture-takeover.md", func() { write(entry, original[:len(original)/3]) })
	write(entry, []byte(strings.Replace(string(original), "Attackers logged in", "Attackers signed in", 1)))
	waitFor("the completed entry", shows("Attackers signed in"))
	waitFor("the problems to clear", healthy)

	fault("an invalid config.yaml", "config.yaml", func() { write(config, []byte("title: [unclosed\n")) })
	write(config, goodConfig)
	waitFor("the config to be valid again", healthy)

	fault("a deleted layout", "incident", func() { os.Remove(layout) })
	write(layout, goodLayout)
	waitFor("the layout to be restored", healthy)
	waitFor("the page after the layout came back", shows("Attackers signed in"))

	// A thousand events in one second: saves of an entry and a stylesheet.
	css := filepath.Join(root, "static/css/site.css")
	goodCSS, _ := os.ReadFile(css)
	updatesBefore := strings.Count(out.String(), "updated (")
	start := time.Now()
	for i := range 1000 {
		if i%2 == 0 {
			write(entry, []byte(strings.Replace(string(original), "Attackers logged in", "Burst "+strconv.Itoa(i), 1)))
		} else {
			write(css, append(goodCSS, []byte("\n/* "+strconv.Itoa(i)+" */\n")...))
		}
		if d := time.Since(start); d < time.Duration(i)*time.Millisecond {
			time.Sleep(time.Duration(i)*time.Millisecond - d)
		}
	}
	t.Logf("1,000 writes in %v", time.Since(start).Round(time.Millisecond))
	waitFor("the last save of the burst", shows("Burst 998"))
	waitFor("a healthy site after the burst", healthy)
	if n := strings.Count(out.String(), "updated (") - updatesBefore; n < 1 || n > 200 {
		t.Errorf("the burst caused %d rebuilds; want them batched (1 to 200)", n)
	} else {
		t.Logf("the burst caused %d rebuilds", n)
	}
	if code, body := get(base + "/css/site.css"); code != 200 || !strings.Contains(body, "/* 999 */") {
		t.Errorf("the stylesheet after the burst: %d, %.100q", code, body)
	}
}

// fixtureSite is a copy of the fixture site with the repository's layouts
// and static files, in a temporary folder.
func fixtureSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	copyTree(t, fixture, root)
	copyTree(t, "../layouts", filepath.Join(root, "layouts"))
	copyTree(t, "../static", filepath.Join(root, "static"))
	return root
}

// serveFixture runs serve, until the test ends, on a copy of the fixture
// site with the repository's layouts and static files. It returns the
// copy's root, the address served and what serve prints.
func serveFixture(t *testing.T) (root, addr string, out *lockedBuffer) {
	t.Helper()
	return serveRoot(t, fixtureSite(t))
}

// serveRoot runs serve on the site at root until the test ends.
func serveRoot(t *testing.T, root string) (_, addr string, out *lockedBuffer) {
	t.Helper()
	addr = freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	out = &lockedBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, &env{stdout: out, stderr: out}, []string{"serve", "--root", root, "--addr", addr})
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d", code)
		}
		if t.Failed() {
			t.Logf("serve printed:\n%s", out.String())
		}
	})
	return root, addr, out
}
