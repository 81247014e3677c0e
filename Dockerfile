# One image for every service: `relay edge`, `relay projector`, `relay connector`, `relay agent`.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -ntp -DskipTests -pl relay-cli -am install

FROM eclipse-temurin:17-jre
WORKDIR /app
# relay-cli only: the services and the operators' tools, without the embedded broker, the benchmarks or JUnit.
COPY --from=build /src/relay-cli/target/relay-cli.jar /app/relay-cli.jar
COPY --from=build /src/relay-cli/target/lib /app/lib
RUN useradd --system --uid 10001 relay
USER relay
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/relay-cli.jar:/app/lib/*", "io.chatrelay.launcher.Relay"]
