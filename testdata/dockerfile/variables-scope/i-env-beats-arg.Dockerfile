FROM alpine:3.20
ENV U=0
ARG U=app
USER $U
