// The vertical (直排) preview's page is a band as tall as the window whose
// columns run right to left, so it scrolls only sideways, and Chromium does
// not turn a wheel's vertical turn, PageDown or End into sideways scrolling.
// Here they move along the columns: down and onward is to the left.
(() => {
  const step = (e) => (e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? innerWidth : 1);
  // A box of its own that scrolls up and down (the serve command's error list) keeps the wheel.
  const scrollsDown = (el) => {
    for (; el instanceof Element && el !== document.body && el !== document.documentElement; el = el.parentElement) {
      if (/auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight) return true;
    }
    return false;
  };
  addEventListener(
    'wheel',
    (e) => {
      if (e.ctrlKey || e.shiftKey || Math.abs(e.deltaX) >= Math.abs(e.deltaY) || scrollsDown(e.target)) return;
      e.preventDefault();
      scrollBy({ left: -e.deltaY * step(e) });
    },
    { passive: false },
  );
  const keys = {
    PageDown: () => scrollBy({ left: -0.9 * innerWidth }),
    PageUp: () => scrollBy({ left: 0.9 * innerWidth }),
    End: () => scrollTo({ left: -document.documentElement.scrollWidth }),
    Home: () => scrollTo({ left: 0 }),
  };
  addEventListener('keydown', (e) => {
    const move = keys[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    e.preventDefault();
    move();
  });
})();
