# syntax=docker/dockerfile:1
# hardlint's own image: built from this source as a static binary (libc
# included), shipped alone in a distroless image, run as a non-root user.
#   docker build -t hardlint .
#   docker run --rm -v "$PWD:/src:ro" -w /src hardlint .
FROM debian:bookworm@sha256:ed4fcc40bb1162b6d2d32e7bec15044d13963779abbe63f67f1cd62b06220519 AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# hardlint ignore=df-pkg-unpinned Debian 12's own packages, fixed by the pinned base image's release
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      cmake gcc make pkg-config libc6-dev libyaml-dev libcyaml-dev libpcre2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt LICENSE README.md ./
COPY include include
COPY src src
COPY rules rules
COPY docs docs
COPY examples examples
COPY completions completions
RUN cmake -S . -B build -DHARDLINT_TESTS=OFF -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j"$(nproc)" --target hardlint \
 && ./build/hardlint --version

FROM gcr.io/distroless/static-debian12:nonroot@sha256:1b7b9f0f0e0a1d2155f531db587cc48ec26aaf97ab64364225f5bf18a054e66a
COPY --from=build /src/build/hardlint /usr/local/bin/hardlint
USER 65532:65532
WORKDIR /src
# a linter runs once and exits: nothing to probe
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/hardlint"]
CMD ["--help"]
