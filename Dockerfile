# schedext container image: `docker build -t schedext:latest .` from the repository root.
# Build stage: the .NET 10 SDK publishes the Host project, as `make build` does, into out/.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused when only sources change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/SchedulerExtender.Core/SchedulerExtender.Core.csproj src/SchedulerExtender.Core/
COPY src/SchedulerExtender.Alibaba/SchedulerExtender.Alibaba.csproj src/SchedulerExtender.Alibaba/
COPY src/SchedulerExtender.Kubernetes/SchedulerExtender.Kubernetes.csproj src/SchedulerExtender.Kubernetes/
COPY src/SchedulerExtender.Local/SchedulerExtender.Local.csproj src/SchedulerExtender.Local/
COPY src/SchedulerExtender.Host/SchedulerExtender.Host.csproj src/SchedulerExtender.Host/
RUN dotnet restore src/SchedulerExtender.Host/SchedulerExtender.Host.csproj
COPY src/ src/
RUN dotnet publish src/SchedulerExtender.Host/SchedulerExtender.Host.csproj \
      -c Release --no-restore -o /app/out

# Runtime stage: ASP.NET Core runtime only, no SDK, running as the image's non-root `app` user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app/out/ /app/out/
# APP_UID (1654) is defined by the .NET images; a numeric user lets Kubernetes verify runAsNonRoot.
USER $APP_UID
# 9443: webhook + extender (HTTPS); 8080: /metrics, /healthz, /readyz (HTTP).
EXPOSE 9443 8080
ENTRYPOINT ["/app/out/schedext"]
CMD ["serve", "--https-url", "https://0.0.0.0:9443", "--http-url", "http://0.0.0.0:8080", \
     "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key", "--config", "/config/config.json"]
