package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium; .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("BREACHLINE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := exec.LookPath(p); err == nil {
				return p
			}
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found; .ci/run installs Debian's chromium")
	}
	t.Skip("no Chromium found (apt-get install chromium); CI runs this test")
	return ""
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeInBrowser drives headless Chromium against serve: an edit shows
// without a manual reload, a broken entry shows the overlay with its file and
// line, the fix removes it, and a stylesheet edit applies without a reload.
// browser starts headless Chromium (exe) with a fresh profile, the flags
// this machine needs and nothing phoning home; it stops when the test ends.
// The first action run in it starts it: give that one no timeout.
func browser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel() })
	return bctx
}

// waitServing waits until base serves its home page, for at most within.
func waitServing(t *testing.T, base string, within time.Duration, out *lockedBuffer) {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(20 * time.Millisecond) {
		if r, err := http.Get(base + "/"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up within %v:\n%s", within, out.String())
		}
	}
}

func TestServeInBrowser(t *testing.T) {
	exe := chromium(t)
	root, addr, out := serveFixture(t)
	entry := filepath.Join(root, "content/incidents/2023/2023-01-fixture-takeover.md")
	css := filepath.Join(root, "static/css/site.css")
	original, _ := os.ReadFile(entry)

	bctx := browser(t, exe)

	url := "http://" + addr + "/incidents/2023-01-fixture-takeover/"
	var ready bool
	for deadline := time.Now().Add(10 * time.Second); !ready && time.Now().Before(deadline); {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			ready = true
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	// The first call starts the browser: it gets no timeout of its own.
	// Every page records what its Content-Security-Policy blocks.
	recordCSP := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		src := `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI); });`
		return chromedp.Void{}, tg.Call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]string{"source": src}, nil)
	})
	if err := chromedp.Do(bctx, recordCSP, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(bctx, chromedp.Text("h1"))
	if err != nil {
		t.Fatal(err)
	}
	if title != "Accounts taken over" {
		t.Fatalf("h1 %q", title)
	}
	// A marker on the window survives only as long as the page is not reloaded.
	mark := func() { chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__kept = true`)) }
	kept := func() bool {
		v, _ := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__kept === true`))
		return v
	}
	// wait polls a JavaScript condition until it holds.
	wait := func(what, cond string) time.Duration {
		t.Helper()
		start := time.Now()
		for time.Since(start) < 15*time.Second {
			cctx, ccancel := context.WithTimeout(bctx, 2*time.Second)
			ok, err := chromedp.Run(cctx, chromedp.Evaluate[bool](cond))
			ccancel()
			if err == nil && ok {
				return time.Since(start)
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("%s: %s did not hold within 15 s; serve said:\n%s", what, cond, out.String())
		return 0
	}
	write := func(p string, b []byte) {
		t.Helper()
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// 1. Edit the entry: the page shows the new title by itself. The page
	// notes when it first shows the new text (Date.now(), the same clock
	// as the test's), so the latency is not the test's polling interval.
	var latencies []time.Duration
	for i := range 5 {
		want := fmt.Sprintf("Accounts taken over, edit %d", i)
		watchFor := fmt.Sprintf(`(function(){window.__seen=0;new MutationObserver(function(){var h=document.querySelector("h1");if(!window.__seen&&h&&h.textContent===%q)window.__seen=Date.now()}).observe(document.documentElement,{childList:true,subtree:true,characterData:true});return true})()`, want)
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](watchFor)); err != nil {
			t.Fatal(err)
		}
		wrote := time.Now()
		write(entry, bytes.Replace(original, []byte("title: Accounts taken over"), []byte("title: "+want), 1))
		wait("edit", fmt.Sprintf(`window.__seen > 0 && document.querySelector("h1").textContent === %q`, want))
		seen, _ := chromedp.Run(bctx, chromedp.Evaluate[float64](`window.__seen`))
		latencies = append(latencies, time.UnixMilli(int64(seen)).Sub(wrote))
	}
	slices.Sort(latencies)
	t.Logf("write → new text on screen, 5 edits: median %v (min %v, max %v)", latencies[2], latencies[0], latencies[4])

	// 2. Break it: the overlay names the file and line.
	write(entry, bytes.Replace(original, []byte("status: reported"), []byte("status: rumoured"), 1))
	wait("overlay", `(function(){var o=document.getElementById("__breachline-overlay");return !!o && o.textContent.indexOf("content/incidents/2023/2023-01-fixture-takeover.md:7:9")>=0 && o.textContent.indexOf("rumoured")>=0})()`)
	// Every line of the quoted source shows, each below the one before:
	// the line after the error line is not pushed aside off screen.
	wait("overlay lines", `(function(){var ls=document.querySelectorAll("#__breachline-overlay pre span");if(ls.length<2)return false;for(var i=1;i<ls.length;i++){var a=ls[i-1].getBoundingClientRect(),b=ls[i].getBoundingClientRect();if(b.left!==a.left||b.top<a.bottom-1||b.right>window.innerWidth+1&&b.left>window.innerWidth)return false}return true})()`)

	// 3. Fix it: the overlay goes away by itself.
	write(entry, original)
	wait("fix", `document.getElementById("__breachline-overlay") === null && document.querySelector("h1").textContent === "Accounts taken over"`)

	// 4. Edit the stylesheet: styles update without a reload.
	mark()
	styles, _ := os.ReadFile(css)
	write(css, append(styles, []byte("\nbody { border-top: 7px solid rgb(1, 2, 3); }\n")...))
	wait("css", `getComputedStyle(document.body).borderTopWidth === "7px"`)
	if !kept() {
		t.Error("the stylesheet edit reloaded the page; it should swap the stylesheet only")
	}
	if !strings.Contains(out.String(), "updated (static) after static/css/site.css") {
		t.Errorf("serve did not report the stylesheet rebuild:\n%s", out.String())
	}

	// 5. The pages work under their Content-Security-Policy, which blocks
	// nothing: the search filters over its JSON index with its own script.
	noViolations := func(where string) {
		t.Helper()
		if v, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`window.__csp`)); err != nil || len(v) > 0 {
			t.Errorf("%s: the Content-Security-Policy blocked %q (%v)", where, v, err)
		}
	}
	noViolations("the incident page")
	if err := chromedp.Do(bctx, chromedp.Navigate("http://"+addr+"/search/?status=reported")); err != nil {
		t.Fatal(err)
	}
	wait("search", `document.getElementById("result-count").textContent === "1 incident" && document.querySelector("#results a").textContent === "Accounts taken over"`)
	noViolations("the search page")
}

// lockedBuffer is what serve prints, read by the test while serve writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
