// GET and PATCH /user/: the user's details; names are editable, the email is not.
import { TokenNotValid } from "../errors.js";
import { addRoute, type RouteModule } from "./context.js";
import { bearerSecurity, errorResponses, nameField, userSchema } from "./schemas.js";
import { toUserBody } from "./user-body.js";

export const userRoutes: RouteModule = (app, { services, authenticate }) => {
  const { store } = services;

  addRoute(app, {
    method: "GET",
    url: "/user/",
    preHandler: authenticate,
    schema: { tags: ["user"], summary: "The logged-in user's details", security: bearerSecurity, response: { 200: userSchema, ...errorResponses } },
    async handler(request) {
      const user = await store.findUserById(request.auth!.userId);
      // A deleted account's access token may outlive it by a few minutes.
      if (!user) throw new TokenNotValid();
      return toUserBody(user);
    },
  });

  addRoute<{ Body: { firstName?: string; lastName?: string } }>(app, {
    method: "PATCH",
    url: "/user/",
    preHandler: authenticate,
    schema: {
      tags: ["user"],
      summary: "Change the user's first or last name",
      security: bearerSecurity,
      body: { type: "object", properties: { firstName: nameField, lastName: nameField } },
      response: { 200: userSchema, ...errorResponses },
    },
    async handler(request) {
      const { userId } = request.auth!;
      if (!(await store.findUserById(userId))) throw new TokenNotValid();
      const { firstName, lastName } = request.body;
      return toUserBody(await store.updateUserNames(userId, { firstName, lastName }));
    },
  });
};
