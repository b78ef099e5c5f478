FROM alpine:3.20
USER 'root'
