package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLanguageSwitcherInBrowser serves a copy of the repository's own site
// (in English, Dutch and German) and drives headless Chromium: on an
// incident's page the switcher leads to the same incident in Dutch, and
// from there in German and back to English, each page in its language; an
// edit of the Dutch string table shows on the Dutch page without a reload.
func TestLanguageSwitcherInBrowser(t *testing.T) {
	exe := chromium(t)
	root, base := serveRepo(t)
	bctx := browser(t, exe)

	const id = "2023-01-flying-blue-account-compromise"
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/incidents/"+id+"/")); err != nil {
		t.Fatal(err)
	}
	wait := func(what, cond string) {
		t.Helper()
		waitFor(t, bctx, what, cond, `location.pathname + " lang=" + document.documentElement.lang + " h1=" + (document.querySelector("h1")||{}).textContent`)
	}
	steps := []struct{ to, path, h1 string }{
		{"nl", "/nl/incidents/" + id + "/", "Onbevoegde partij kreeg toegang tot gegevens van Flying Blue-leden"},
		{"de", "/de/incidents/" + id + "/", "Unbefugter Zugriff auf Daten von Flying-Blue-Mitgliedern"},
		{"en", "/incidents/" + id + "/", "Flying Blue members' data accessed by an unauthorised party"},
	}
	for _, s := range steps {
		click := fmt.Sprintf(`(function(){var a=document.querySelector('nav.languages a[hreflang="%s"]');if(!a)return false;a.click();return true})()`, s.to)
		if ok, err := chromedp.Run(bctx, chromedp.Evaluate[bool](click)); err != nil || !ok {
			t.Fatalf("no switcher link to %s on %s (%v)", s.to, s.path, err)
		}
		wait("switch to "+s.to, fmt.Sprintf(`location.pathname === %q && document.documentElement.lang === %q && document.querySelector("h1").textContent === %q`, s.path, s.to, s.h1))
	}

	// The Dutch table is watched like the layouts.
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/nl/incidents/"+id+"/")); err != nil {
		t.Fatal(err)
	}
	wait("the Dutch page", `document.querySelector("nav.languages").getAttribute("aria-label") === "Talen"`)
	nl := filepath.Join(root, "layouts", "i18n", "nl.txt")
	table, _ := os.ReadFile(nl)
	edited := bytes.Replace(table, []byte("languages-label: Talen\n"), []byte("languages-label: Andere talen\n"), 1)
	if bytes.Equal(edited, table) {
		t.Fatal("nl.txt has no line languages-label: Talen")
	}
	if err := os.WriteFile(nl, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	wait("the edited table", `document.querySelector("nav.languages").getAttribute("aria-label") === "Andere talen"`)
}

// TestSearchInBrowser drives the search page of the repository's own site
// in headless Chromium: an airline whose incidents came through its
// programme (Transavia, SWISS) finds them; words find an airline's
// incidents (Lufthansa) and an actor's (ShinyHunters) from their text; no
// match says so and offers a way back; and the Dutch page answers in Dutch.
func TestSearchInBrowser(t *testing.T) {
	exe := chromium(t)
	_, base := serveRepo(t)
	bctx := browser(t, exe)
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/search/")); err != nil {
		t.Fatal(err)
	}
	wait := func(what, cond string) {
		t.Helper()
		waitFor(t, bctx, what, cond, `document.getElementById("result-count").textContent + " | " + Array.from(document.querySelectorAll("#results a")).slice(0, 5).map(a => a.textContent).join(" / ")`)
	}
	wait("the form shows", `!document.getElementById("filters").hidden && /\d/.test(document.getElementById("result-count").textContent)`)
	set := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(function(){var f=document.getElementById("filters");f.reset();`+js+`;f.dispatchEvent(new Event("change"));return true})()`)); err != nil {
			t.Fatal(err)
		}
	}
	hits := `Array.from(document.querySelectorAll("#results a")).map(a => a.getAttribute("href"))`
	set(`f.elements.airline.value="transavia"`)
	wait("Transavia", hits+`.some(h => h.indexOf("2023-01-flying-blue-account-compromise") >= 0)`)
	set(`f.elements.airline.value="swiss"`)
	wait("SWISS", hits+`.some(h => h.indexOf("2021-03-04-sita-passenger-service-system") >= 0)`)
	set(`f.elements.q.value="Lufthansa"`)
	wait("Lufthansa", hits+`.some(h => h.indexOf("2019-12-09-miles-and-more-session-mixup") >= 0)`)
	set(`f.elements.q.value="ShinyHunters"`)
	wait("ShinyHunters", hits+`.length > 0 && `+hits+`.some(h => h.indexOf("2025-08-06-air-france-klm-customer-service-platform") >= 0)`)
	set(`f.elements.q.value="zzzqqq"`)
	wait("no match", `document.querySelectorAll("#results li").length === 0 && !document.getElementById("search-clear").hidden && document.getElementById("result-count").textContent.indexOf("No incident") === 0`)
	// The count beside each choice is what it would leave.
	set(`f.elements.airline.value="klm"`)
	wait("counts", `/\(\d+\)$/.test(document.querySelector('#f-vector option[value="account-takeover"]').textContent)`)

	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/nl/search/?q=lufthansa")); err != nil {
		t.Fatal(err)
	}
	wait("the Dutch search", `/incident/.test(document.getElementById("result-count").textContent) && document.querySelector("#results a").getAttribute("href").indexOf("/nl/incidents/") === 0`)
}

// serveRepo serves a copy of the repository's own site until the test
// ends, and returns its root and base URL.
func serveRepo(t *testing.T) (root, base string) {
	t.Helper()
	root = t.TempDir()
	for _, d := range []string{"content", "layouts", "static"} {
		copyTree(t, filepath.Join("..", d), filepath.Join(root, d))
	}
	cfg, err := os.ReadFile(filepath.Join("..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "config.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	_, addr, out := serveRoot(t, root)
	base = "http://" + addr
	waitServing(t, base, 30*time.Second, out)
	return root, base
}

// waitFor polls a JavaScript condition in the browser until it holds, for
// at most 15 s; when it does not, the test fails with what describe (a
// JavaScript expression) says of the page.
func waitFor(t *testing.T, bctx context.Context, what, cond, describe string) {
	t.Helper()
	for start := time.Now(); time.Since(start) < 15*time.Second; time.Sleep(10 * time.Millisecond) {
		if ok, err := chromedp.Run(bctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
	}
	state, _ := chromedp.Run(bctx, chromedp.Evaluate[string](describe))
	t.Fatalf("%s: %s did not hold within 15 s (the page: %s)", what, cond, state)
}

// TestPagesFitTheirViewport opens the pages most likely to be wide (the
// matrix, an incident with a "sources disagree" table, the decisions, the
// glossary, the search) at 390 and 1280 pixels: none is wider than its
// viewport, and the home timeline shows on a phone too.
func TestPagesFitTheirViewport(t *testing.T) {
	exe := chromium(t)
	_, base := serveRepo(t)
	bctx := browser(t, exe)
	pages := []string{"/", "/matrix/", "/incidents/2023-01-flying-blue-account-compromise/", "/incidents/2021-03-04-sita-passenger-service-system/",
		"/decisions/", "/glossary/", "/search/", "/nl/matrix/", "/de/incidents/2019-12-09-miles-and-more-session-mixup/", "/api/"}
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Do(bctx, chromedp.Navigate(base+p)); err != nil {
				t.Fatal(err)
			}
			// Measured once the page and its stylesheets have loaded (a loaded
			// machine may take a moment); a page that fits, fits by then.
			var wide float64
			for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(50 * time.Millisecond) {
				var err error
				wide, err = chromedp.Run(bctx, chromedp.Evaluate[float64](`document.readyState === "complete" && Array.from(document.styleSheets).every(s => s.cssRules) ? document.documentElement.scrollWidth - document.documentElement.clientWidth : 1e9`))
				if err != nil {
					t.Fatal(err)
				}
				if wide <= 0 {
					break
				}
			}
			if wide > 0 {
				t.Errorf("%s at %d px: %.0f px wider than the viewport", p, width, wide)
			}
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/")); err != nil {
			t.Fatal(err)
		}
		shown, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(function(){var s=document.querySelector(".svg-timeline");return !!s && getComputedStyle(s).display !== "none" && s.getBoundingClientRect().width > 0})()`))
		if err != nil || !shown {
			t.Errorf("at %d px the home timeline is not shown (%v)", width, err)
		}
	}
}
