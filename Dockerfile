# The CivicFusion application image (the graph runs in the official neo4j image; see
# docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    CIVICFUSION_HOME=/var/lib/civicfusion

# DejaVu Sans: captions of exported PNG/PDF charts (names in any Latin script)
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md NOTICE ./
COPY settings ./settings
COPY graph ./graph
COPY loaders ./loaders
COPY resolve ./resolve
COPY access ./access
COPY synth ./synth
COPY charts ./charts
COPY exports ./exports
COPY workbench ./workbench
COPY backup ./backup
COPY watch ./watch
COPY sources ./sources
COPY cli ./cli
COPY testkit ./testkit
COPY queries ./queries
RUN pip install . \
 && useradd --system --uid 10001 --home-dir /var/lib/civicfusion civicfusion \
 && mkdir -p /var/lib/civicfusion && chown civicfusion /var/lib/civicfusion

USER civicfusion
ENTRYPOINT ["civicfusion"]
EXPOSE 8050
CMD ["serve"]
