FROM alpine:3.20
ARG UNSET
USER root${UNSET:+app}
