import org.neo4j.graphdb.Result;
import org.neo4j.harness.ServerControls;
import org.neo4j.harness.TestServerBuilders;

/**
 * Starts an in-process Neo4j 3.5 (neo4j-harness) with Bolt on 127.0.0.1:PORT, prints
 * its version and Bolt URI, and runs until SIGTERM. PORT is the first argument, else
 * EVTSTORE_PORT, else 7687. (The 3.5 harness always runs its HTTP server; it is bound
 * to a free loopback port.)
 */
public final class EvtstoreNeo4j35 {
  public static void main(String[] args) throws Exception {
    String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("EVTSTORE_PORT", "7687");
    ServerControls server = TestServerBuilders.newInProcessBuilder()
        .withConfig("dbms.connector.bolt.enabled", "true")
        .withConfig("dbms.connector.bolt.listen_address", "127.0.0.1:" + port)
        .withConfig("dbms.connector.http.listen_address", "127.0.0.1:0")
        .withConfig("dbms.connector.https.enabled", "false")
        .newServer();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("evtstore-neo4j: stopping");
      server.close();
    }));
    String version;
    try (Result result = server.graph().execute(
        "CALL dbms.components() YIELD name, versions, edition RETURN name + ' ' + versions[0] + ' ' + edition AS v")) {
      version = String.valueOf(result.next().get("v"));
    }
    System.out.println("evtstore-neo4j: version=" + version + " boltURI=" + server.boltURI());
    System.out.flush();
    Thread.currentThread().join();
  }
}
