from django.http import JsonResponse
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication, JWTStatelessUserAuthentication


def health(_request):
    return JsonResponse({"status": "ok"})


class Hello(APIView):
    """Like the generated project's /hello: the token alone, no database."""

    authentication_classes = [JWTStatelessUserAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"message": "Hello", "userId": str(request.user.id)})


class CurrentUser(APIView):
    """Like /jwt-allauth/user/: the token, then one read of the user."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        user = request.user
        return Response({"pk": user.pk, "email": user.email, "first_name": user.first_name, "last_name": user.last_name})
