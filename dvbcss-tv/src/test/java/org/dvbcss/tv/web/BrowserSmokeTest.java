package org.dvbcss.tv.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserSmokeTest {
  @Test
  void runsScriptsInHeadlessChromium() throws Exception {
    try (Browser browser = Browser.start(800, 600)) {
      browser.open("data:text/html,<title>t</title><p id=x>hello</p>");
      assertThat(browser.js("return document.getElementById('x').textContent + (1 + 2);"))
          .isEqualTo("hello3");
    }
  }
}
