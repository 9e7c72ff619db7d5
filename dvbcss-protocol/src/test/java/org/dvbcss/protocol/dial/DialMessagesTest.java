package org.dvbcss.protocol.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dvbcss.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class DialMessagesTest {
  private static final String CII = "ws://10.0.0.5:7681/cii";

  @Test
  void searchRoundTrips() {
    SsdpSearch s = SsdpSearch.dial(SsdpSearch.MULTICAST_HOST, 2, "dvbcss-java");
    String text = s.encode();
    assertThat(text)
        .startsWith("M-SEARCH * HTTP/1.1\r\n")
        .contains("MAN: \"ssdp:discover\"\r\n")
        .contains("ST: urn:dial-multiscreen-org:service:dial:1\r\n")
        .endsWith("\r\n\r\n");
    assertThat(SsdpSearch.parse(text)).isEqualTo(s);
    assertThat(SsdpSearch.parse(text).wantsDial()).isTrue();
  }

  @Test
  void searchHeaderNamesInAnyCaseAndSsdpAll() {
    SsdpSearch s =
        SsdpSearch.parse(
            "M-SEARCH * HTTP/1.1\nhost: 127.0.0.1:1900\nMan: ssdp:discover\nmx: 3\nst: ssdp:all\n\n");
    assertThat(s.wantsDial()).isTrue();
    assertThat(s.mx()).isEqualTo(3);
    assertThat(s.userAgent()).isNull();
    assertThat(SsdpSearch.parse(s.encode().replace("ssdp:all", "upnp:rootdevice")).wantsDial())
        .isFalse();
  }

  @Test
  void malformedSearchesAreRefused() {
    assertThatThrownBy(() -> SsdpSearch.parse("NOTIFY * HTTP/1.1\r\n\r\n"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> SsdpSearch.parse("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("MAN");
    assertThatThrownBy(
            () ->
                SsdpSearch.parse(
                    "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nMX: x\r\nST: a\r\n\r\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("MX");
    assertThatThrownBy(() -> SsdpSearch.parse("")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void responseRoundTrips() {
    SsdpResponse r =
        SsdpResponse.dial("http://10.0.0.5:7681/dial/dd.xml", "abc", 1800, "Linux UPnP/1.0");
    String text = r.encode();
    assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nEXT:\r\n");
    SsdpResponse back = SsdpResponse.parse(text);
    assertThat(back.location()).isEqualTo(r.location());
    assertThat(back.st()).isEqualTo(SsdpSearch.DIAL_ST);
    assertThat(back.usn()).isEqualTo("uuid:abc::" + SsdpSearch.DIAL_ST);
    assertThat(back.maxAge()).isEqualTo(1800);
    assertThat(back.headers()).containsEntry("ext", "");
  }

  @Test
  void upnp10ReplyWithLfAndOddCaseIsRead() {
    String text =
        "HTTP/1.0 200 OK\n"
            + "Cache-Control: max-age = 60\n"
            + "location: http://192.168.1.9:56789/dd.xml\n"
            + "Ext: \n"
            + "Server: Some OS/1.0 UPnP/1.0 Dial/1.0\n"
            + "X-Vendor: whatever\n"
            + "\n";
    SsdpResponse r = SsdpResponse.parse(text);
    assertThat(r.location()).isEqualTo("http://192.168.1.9:56789/dd.xml");
    assertThat(r.st()).isNull();
    assertThat(r.maxAge()).isEqualTo(60);
    assertThat(r.headers()).containsEntry("x-vendor", "whatever");
  }

  @Test
  void responseWithoutLocationNamesIt() {
    assertThatThrownBy(() -> SsdpResponse.parse("HTTP/1.1 200 OK\r\nST: x\r\n\r\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("LOCATION");
    assertThatThrownBy(() -> SsdpResponse.parse("HTTP/1.1 404 Not Found\r\nLOCATION: x\r\n\r\n"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void deviceDescriptionRoundTrips() {
    DeviceDescription d = DeviceDescription.dial("Living <room> TV", "ACME & Co", "X1", "uuid:1");
    assertThat(DeviceDescription.parse(d.encodeXml())).isEqualTo(d);
    assertThat(d.encodeXml()).contains("urn:schemas-upnp-org:device-1-0");
  }

  @Test
  void deviceDescriptionWithMissingFields() {
    DeviceDescription d =
        DeviceDescription.parse("<root><device><friendlyName> TV </friendlyName></device></root>");
    assertThat(d.friendlyName()).isEqualTo("TV");
    assertThat(d.manufacturer()).isNull();
    assertThatThrownBy(() -> DeviceDescription.parse("<root/>"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void applicationRoundTripsWithHbbtvPrefix() {
    HbbTvApplication a =
        HbbTvApplication.running(CII, "ws://10.0.0.5:7681/app2app/", "HbbTV/1.5.1");
    String xml = a.encodeXml();
    assertThat(xml).contains("<hbbtv:X_HbbTV_InterDevSyncURL>");
    assertThat(HbbTvApplication.parse(xml)).isEqualTo(a);
  }

  @Test
  void otherPrefixIsRead() {
    HbbTvApplication a =
        HbbTvApplication.parse(
            "<service xmlns='urn:dial-multiscreen-org:schemas:dial'"
                + " xmlns:ex='urn:hbbtv:HbbTVCompanionScreen:2014'><name>HbbTV</name>"
                + "<additionalData><ex:X_HbbTV_InterDevSyncURL>"
                + CII
                + "</ex:X_HbbTV_InterDevSyncURL><ex:X_HbbTV_UserAgent>UA</ex:X_HbbTV_UserAgent>"
                + "</additionalData></service>");
    assertThat(a.interDevSyncUrl()).isEqualTo(CII);
    assertThat(a.userAgent()).isEqualTo("UA");
    assertThat(a.app2AppUrl()).isNull();
    assertThat(a.hbbtvNamespaceMissing()).isFalse();
  }

  @Test
  void defaultNamespaceOnTheElementsIsRead() {
    HbbTvApplication a =
        HbbTvApplication.parse(
            "<?xml version='1.0'?><service xmlns='urn:dial-multiscreen-org:schemas:dial'"
                + " dialVer='2.1'><name>HbbTV</name><state>running</state><additionalData>"
                + "<X_HbbTV_InterDevSyncURL xmlns='urn:hbbtv:HbbTVCompanionScreen:2014'>"
                + CII
                + "</X_HbbTV_InterDevSyncURL></additionalData></service>");
    assertThat(a.interDevSyncUrl()).isEqualTo(CII);
    assertThat(a.dialVer()).isEqualTo("2.1");
    assertThat(a.state()).isEqualTo("running");
    assertThat(a.hbbtvNamespaceMissing()).isFalse();
  }

  @Test
  void noNamespaceIsReadAndFlagged() {
    String inherited =
        "<service xmlns='urn:dial-multiscreen-org:schemas:dial'><name>HbbTV</name>"
            + "<additionalData><X_HbbTV_InterDevSyncURL>"
            + CII
            + "</X_HbbTV_InterDevSyncURL></additionalData></service>";
    HbbTvApplication a = HbbTvApplication.parse(inherited);
    assertThat(a.interDevSyncUrl()).isEqualTo(CII);
    assertThat(a.hbbtvNamespaceMissing()).isTrue();
    HbbTvApplication none =
        HbbTvApplication.parse(
            inherited.replace(" xmlns='urn:dial-multiscreen-org:schemas:dial'", ""));
    assertThat(none.interDevSyncUrl()).isEqualTo(CII);
    assertThat(none.hbbtvNamespaceMissing()).isTrue();
    HbbTvApplication written =
        new HbbTvApplication("HbbTV", "running", CII, null, null, null, true);
    assertThat(HbbTvApplication.parse(written.encodeXml())).isEqualTo(written);
  }

  @Test
  void doctypeIsRefused() {
    String xxe =
        "<?xml version='1.0'?><!DOCTYPE service [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            + "<service><name>&x;</name></service>";
    assertThatThrownBy(() -> HbbTvApplication.parse(xxe)).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> DeviceDescription.parse(xxe.replace("service", "root")))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> HbbTvApplication.parse("<root/>"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("root");
  }

  @Test
  void applicationResourceUrl() {
    assertThat(DialUrls.applicationResource("http://h:1/apps/")).isEqualTo("http://h:1/apps/HbbTV");
    assertThat(DialUrls.applicationResource("http://h:1/apps")).isEqualTo("http://h:1/apps/HbbTV");
  }
}
