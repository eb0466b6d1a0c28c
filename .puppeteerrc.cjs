/**
 * Ace by DAISY (a dev dependency, for the EPUB accessibility tests) drives a
 * browser through puppeteer. puppeteer would download its own Chromium when
 * installed, which this project's machines cannot reach; Debian's chromium
 * (apt-get install chromium) is used instead.
 */
module.exports = {
  skipDownload: true,
  executablePath: '/usr/bin/chromium',
};
