# One image for every service: `relay edge`, `relay projector`, `relay connector`, `relay agent`.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -ntp -DskipTests install

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/relay-launcher/target/relay-launcher.jar /app/relay-launcher.jar
COPY --from=build /src/relay-launcher/target/lib /app/lib
RUN useradd --system --uid 10001 relay
USER relay
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/relay-launcher.jar:/app/lib/*", "io.chatrelay.launcher.RelayMain"]
