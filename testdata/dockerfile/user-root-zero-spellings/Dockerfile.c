# 0100 is uid 100: not root.
FROM alpine:3.19
USER 0100
