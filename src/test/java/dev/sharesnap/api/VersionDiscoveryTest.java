package dev.sharesnap.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class VersionDiscoveryTest {

  @Test
  void root_withoutToken_lists300WithCurrentV2AndNoVersionHeaders() {
    given()
        .get("/")
        .then()
        .statusCode(300)
        .header("X-OpenStack-Manila-API-Version", nullValue())
        .header("Vary", nullValue())
        .body("versions", hasSize(1))
        .body("versions[0].id", equalTo("v2.0"))
        .body("versions[0].status", equalTo("CURRENT"))
        .body("versions[0].min_version", equalTo("2.0"))
        .body("versions[0].version", equalTo("2.73"))
        .body("versions[0].links[1].href", matchesPattern("http://[^/]+/v2/"));
  }

  @Test
  void v2Document_hasExactlyOneVersion_withAndWithoutSlash() {
    Api api = Api.admin();
    for (String path : new String[] {"/v2/", "/v2"}) {
      api.req()
          .get(path)
          .then()
          .statusCode(200)
          .body("versions", hasSize(1))
          .body("versions[0].id", equalTo("v2.0"));
    }
  }

  @Test
  void noVersionHeader_servesMinimumVersion() {
    Api api = Api.admin();
    given()
        .header("X-Auth-Token", "alice:" + api.project)
        .get(api.url("/snapshots"))
        .then()
        .statusCode(200)
        .header("X-OpenStack-Manila-API-Version", "2.0")
        .header("Vary", "X-OpenStack-Manila-API-Version")
        .body("snapshots", hasSize(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "2", "2.01", "garbage", "1.2.1"})
  void malformedVersion_is400WithoutVersionHeaders(String version) {
    Api api = Api.admin();
    given()
        .header("X-Auth-Token", "alice:" + api.project)
        .header("X-OpenStack-Manila-API-Version", version)
        .get(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .header("X-OpenStack-Manila-API-Version", nullValue())
        .header("x-compute-request-id", matchesPattern("req-[0-9a-f-]{36}"))
        .body("badRequest.code", equalTo(400))
        .body(
            "badRequest.message",
            equalTo(
                "API Version String "
                    + version
                    + " is of invalid format. Must be of format MajorNum.MinorNum."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.74", "2.99", "1.0", "3.0"})
  void outOfRangeVersion_is406ComputeFaultEchoingTheVersion(String version) {
    Api api = Api.admin();
    api.at(version)
        .req()
        .get(api.url("/snapshots"))
        .then()
        .statusCode(406)
        .header("X-OpenStack-Manila-API-Version", version)
        .body("computeFault.code", equalTo(406))
        .body(
            "computeFault.message",
            equalTo(
                "Version "
                    + version
                    + " is not supported by the API. Minimum is 2.0 and maximum is 2.73."));
  }

  @Test
  void everyResponse_carriesBothRequestIdsWithTheSameValue() {
    Api api = Api.admin();
    Response ok = api.req().get(api.url("/snapshots"));
    Response fault = api.req().get(api.url("/snapshots/" + java.util.UUID.randomUUID()));
    for (Response r : new Response[] {ok, fault}) {
      String id = r.header("x-compute-request-id");
      assertEquals(id, r.header("x-openstack-request-id"));
      org.hamcrest.MatcherAssert.assertThat(id, matchesPattern("req-[0-9a-f-]{36}"));
    }
    assertEquals(404, fault.statusCode());
  }

  @Test
  void projectInUrl_differentFromToken_isMalformedUrl() {
    Api api = Api.admin();
    api.req()
        .get("/v2/" + Api.newProject() + "/snapshots")
        .then()
        .statusCode(400)
        .header("X-OpenStack-Manila-API-Version", "2.73")
        .body("badRequest.message", equalTo("Malformed request url"));
  }

  @Test
  void projectInUrl_notHex_is404() {
    Api api = Api.admin();
    given().header("X-Auth-Token", "alice:demo").get("/v2/demo/snapshots").then().statusCode(404);
  }

  @Test
  void urlWithoutProject_usesTheTokensProject() {
    Api api = Api.admin();
    String share = api.share();
    api.req()
        .get("/v2/shares/" + share)
        .then()
        .statusCode(200)
        .body("share.project_id", equalTo(api.project))
        .body("share.links[0].href", matchesPattern("http://[^/]+/v2/shares/" + share));
  }

  @Test
  void missingToken_is401() {
    given().get("/v2/snapshots").then().statusCode(401).body("unauthorized.code", equalTo(401));
  }

  @Test
  void unknownRouteOrMethod_is404ItemNotFound() {
    Api api = Api.admin();
    api.req().get(api.url("/no-such-thing")).then().statusCode(404);
    api.req()
        .patch(api.url("/snapshots/" + java.util.UUID.randomUUID()))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("The resource could not be found."));
  }

  @Test
  void healthMetricsAndOpenApi_areServed() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }
}
